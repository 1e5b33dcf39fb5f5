import { z } from 'zod';
import type { Energy, Failure, Gpu, PowerLimit } from '../../schema/run-record.ts';
import { isoTime, type ImportedRun, type SourceInfo } from './imported-run.ts';
import { jsonlRows, type SourceFile } from './source-file.ts';

/**
 * Jarri Benchmark's `llm_benchmark_runs.jsonl`: one Ollama run a line, with GPU power sampling.
 * Traps handled here (docs/importers.md, "jarri"): its `success` only says the HTTP call returned;
 * its `llm_energy_joules` has the idle baseline already subtracted; the response text lives in
 * per-run report files that are often missing, so it is not recorded.
 */
const num = z.number().finite().nullish();
const nonNeg = z.number().finite().nonnegative().nullish();
const text = z.string().nullish();

const JarriLineSchema = z.object({
  experiment_id: text,
  timestamp_utc: z.string().min(1),
  model: z.string().min(1),
  task_id: z.union([z.string().min(1), z.number()]).transform(String),
  task_family: z.string().min(1),
  prompt_hash: text,
  power_limit_request: z.union([z.string(), z.number()]).nullish(),
  power_limit_mode: text,
  power_limit_explicit_watts: nonNeg,
  power_limit_applied_watts: nonNeg,
  run_index: z.number().int().nonnegative(),
  keep_alive: z.union([z.string(), z.number()]).nullish(),
  duration_seconds: nonNeg,
  prompt_tokens: z.number().int().nonnegative().nullish(),
  response_tokens: z.number().int().nonnegative().nullish(),
  gpu_name: text,
  gpu_uuid: text,
  gpu_driver_version: text,
  gpu_memory_total_mb: nonNeg,
  gpu_index: z.number().int().nonnegative().nullish(),
  gpu_avg_power_w: nonNeg,
  gpu_peak_power_w: nonNeg,
  gpu_power_sample_count: z.number().int().nonnegative().nullish(),
  idle_gpu_watts_discounted: nonNeg,
  baseline_clamp_events: z.number().int().nonnegative().nullish(),
  llm_energy_joules: num,
  evaluation_type: text,
  evaluation_score_percent: z.number().finite().min(0).max(100).nullish(),
  evaluation_passed_checks: z.number().int().nonnegative().nullish(),
  evaluation_total_checks: z.number().int().nonnegative().nullish(),
  execution_status: z.string().min(1),
  energy_valid: z.boolean().nullish(),
  energy_validity: text,
  energy_measurement_version: z.union([z.string(), z.number()]).nullish(),
  energy_confidence_reason: text,
  success: z.boolean().nullish(),
  error: text,
});

type JarriLine = z.infer<typeof JarriLineSchema>;

/** Source fields with no ledger field, or that our metrics recompute from the mapped ones. */
const DROPPED = [
  'prompt_file, evaluation_report_path, runner_json_path: file paths on the source machine (keys, never paths)',
  'power_limit_percent: the request keeps the percent as given',
  'tokens_per_second, llm_energy_wh, llm_energy_kwh, llm_joules_per_output_token, llm_wh_per_1000_output_tokens, output_tokens_per_joule, score_per_second_strict, score_per_wh_strict, scientific_score_percent: derived; recomputed from the mapped fields by docs/metrics.md',
  'gpu_avg_util_percent, gpu_peak_util_percent: no ledger field',
  'cold_start, answer_risk, artifact_usability, usable, hard_failure, fair_comparison_eligible, energy_comparison_eligible, energy_confidence_class, hybrid_warning, ollama_processor_split, gpu_residency_mode: their classifications; ours come from failure and energy',
  'final_answer_chars, thinking_trace_chars: lengths of a response text the file does not hold',
  'experiment_id: the sweep id is derived from the file',
];

const PASSING_STATUS = new Set(['ok', 'success']);

/** execution_status → our failure; `success: false` (no HTTP reply) is a transport failure whatever the status. */
function failureOf(row: JarriLine, passed: boolean | null): Failure {
  if (row.success === false) return { stage: 'transport', class: 'transport_error', message: row.error ?? 'the request did not complete (success: false)' };
  if (PASSING_STATUS.has(row.execution_status)) {
    return passed ? null : { stage: 'semantic', class: 'imported_fail', message: checksDetail(row) ?? `scored ${row.evaluation_score_percent ?? '?'}%` };
  }
  const stage = row.execution_status === 'format_violation' ? 'extract' : 'execute';
  return { stage, class: row.execution_status, message: row.error ?? row.execution_status };
}

function checksDetail(row: JarriLine): string | null {
  const { evaluation_passed_checks: ok, evaluation_total_checks: total } = row;
  return ok != null && total != null ? `${ok} of ${total} checks passed` : null;
}

/** The GPU only when the line names it fully: a blank uuid or a 0 MB card would be invented. */
function gpuOf(row: JarriLine): Gpu | null {
  const { gpu_name: name, gpu_uuid: uuid, gpu_driver_version: driver, gpu_memory_total_mb: memory } = row;
  if (name == null || uuid == null || driver == null || memory == null) return null;
  return { index: row.gpu_index ?? 0, name, uuid, driver, memory_mb: memory };
}

/** What this line holds that the record cannot carry, beyond the fields no line maps. */
function droppedFrom(row: JarriLine): string[] {
  const partialGpu = row.gpu_name != null && gpuOf(row) === null;
  return partialGpu ? [...DROPPED, 'gpu_name: the GPU identity is incomplete (uuid, driver or memory missing), so host.gpu is not recorded'] : DROPPED;
}

function powerLimitOf(row: JarriLine): PowerLimit {
  const mode = row.power_limit_mode === 'percent' || row.power_limit_mode === 'watts' ? row.power_limit_mode : null;
  const request = row.power_limit_request == null || row.power_limit_request === '' ? null : String(row.power_limit_request);
  return { request, mode, requested_w: row.power_limit_explicit_watts ?? null, applied_w: row.power_limit_applied_watts ?? null };
}

/**
 * Gross joules are avg power × duration, both recorded; `llm_energy_joules` (idle already
 * subtracted) is the net figure. Valid only when the source says so and both numbers exist.
 */
function energyOf(row: JarriLine): Energy {
  const gross = row.gpu_avg_power_w != null && row.duration_seconds != null ? row.gpu_avg_power_w * row.duration_seconds : null;
  const notes = [
    gross === null ? null : 'joules = gpu_avg_power_w × duration_seconds; net_joules = llm_energy_joules (idle baseline subtracted by the source)',
    row.energy_validity ?? null,
    row.energy_confidence_reason ?? null,
    row.baseline_clamp_events ? `${row.baseline_clamp_events} baseline clamp events` : null,
    row.energy_measurement_version == null ? null : `measurement version ${row.energy_measurement_version}`,
  ].filter((note) => note !== null);
  return {
    method: gross === null ? 'none' : 'power-integration',
    joules: gross,
    net_joules: row.llm_energy_joules ?? null,
    idle_w: row.idle_gpu_watts_discounted ?? null,
    avg_power_w: row.gpu_avg_power_w ?? null,
    peak_power_w: row.gpu_peak_power_w ?? null,
    ...(row.gpu_power_sample_count == null ? {} : { samples: row.gpu_power_sample_count }),
    valid: gross !== null && row.energy_valid === true,
    reason: notes.length > 0 ? notes.join('; ') : null,
  };
}

function toRun(row: JarriLine, line: number, label: string, modelName: string | undefined): ImportedRun {
  const score = row.evaluation_score_percent == null ? null : row.evaluation_score_percent / 100;
  // No score on a run that completed: their verdict is unknown, and toRecord refuses the line.
  const completed = row.success !== false && PASSING_STATUS.has(row.execution_status);
  const passed = completed ? (score === null ? null : score === 1) : false;
  const wallMs = row.duration_seconds == null ? null : row.duration_seconds * 1000;
  return {
    line,
    index: null,
    model: { name: modelName ?? row.model, backend: 'ollama' },
    experiment: row.task_family,
    task: { id: row.task_id, family: row.task_family, hash: row.prompt_hash ?? null },
    arm: 'plain',
    repeat: row.run_index,
    recordedAt: isoTime(row.timestamp_utc, `${label}:${line}: timestamp_utc`),
    simulated: false,
    prompt: null,
    response: null,
    doneReason: null,
    params: { temperature: null, seed: null, max_tokens: null, ...(row.keep_alive == null ? {} : { keep_alive: row.keep_alive }) },
    tokens: { prompt: row.prompt_tokens ?? null, output: row.response_tokens ?? null },
    wallMs,
    energy: energyOf(row),
    host: { hostname: null, gpu: gpuOf(row) },
    powerLimit: powerLimitOf(row),
    verdict: {
      passed,
      score: score ?? (passed === false ? 0 : null),
      scorer: row.evaluation_type ?? null,
      detail: checksDetail(row),
      failure: failureOf(row, passed),
    },
    cost: null,
    dropped: droppedFrom(row),
    rescore: null,
  };
}

/** Reads a Jarri runs file, one record a line. */
export function importJarri(file: SourceFile, modelName?: string): { info: SourceInfo; runs: ImportedRun[] } {
  const runs = jsonlRows(file, JarriLineSchema).map(({ line, row }) => toRun(row, line, file.label, modelName));
  return { info: { format: 'jarri', tool: { name: 'jarri-benchmark', version: null }, file }, runs };
}
