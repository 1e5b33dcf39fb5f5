import {
  PowerLimitSchema,
  RUN_SCHEMA,
  type Cost,
  type Energy,
  type Host,
  type ModelInfo,
  type Params,
  type PowerLimit,
  type RunRecord,
} from '../../schema/run-record.ts';
import { detectHarnessSuspect, suspectInputOf } from '../../core/harness-suspect.ts';
import { parsePowerLevel } from '../../core/power-level.ts';
import type { ExperimentManifest } from '../../schema/experiment.ts';
import type { Shard } from '../../schema/shard.ts';
import type { AgentTrace } from '../../schema/agent-trace.ts';
import type { GenerateResult, RequestParams, TransportError } from '../backends/backend.ts';
import type { EvaluationOutcome } from '../evaluators/evaluator.ts';
import { DEFAULT_MAX_TOKENS, type SweepOptions } from './options.ts';
import type { PlannedRun } from './plan.ts';
import { taskHash } from './run-id.ts';

/**
 * Generation parameters of one run (pure): the command line wins over the suite's defaults.
 * Each pass@k sample gets its own seed (seed + sample), so samples differ even on a seeded server;
 * repeats keep the seed, because a repeat re-measures the same request.
 */
export function runParams(options: SweepOptions, defaults: ExperimentManifest['defaults'], sample: number): RequestParams {
  const params: RequestParams = {
    temperature: options.temperature ?? defaults.temperature ?? 0,
    seed: options.seed + sample,
    max_tokens: options.max_tokens ?? defaults.max_tokens ?? DEFAULT_MAX_TOKENS,
  };
  if (options.num_ctx !== null) params.num_ctx = options.num_ctx;
  if (options.keep_alive !== null) params.keep_alive = options.keep_alive;
  if (options.think) params.think = true;
  return params;
}

/** `80` → percent, `250w` → watts, null → no level. */
export function powerMode(request: string | null): PowerLimit['mode'] {
  if (request === null) return null;
  return parsePowerLevel(request).mode;
}

/** What a run records when nothing touched a GPU limit. */
export function untouchedPowerLimit(): PowerLimit {
  return { request: null, mode: null, requested_w: null, applied_w: null };
}

/**
 * The power level of a simulated run: the simulator's own `extra.power_limit` when it reported
 * one, else the request as given, with no watts (there is no GPU to apply it to).
 */
export function simulatedPowerLimit(request: string | null, extra: Record<string, unknown> | undefined): PowerLimit {
  const reported = PowerLimitSchema.safeParse(extra?.power_limit);
  if (reported.success) return reported.data;
  const watts = request?.endsWith('w') ? Number(request.slice(0, -1)) : null;
  return { request, mode: powerMode(request), requested_w: watts, applied_w: null, simulated: true };
}

/** The evaluation of a run whose request never produced an answer. */
export function transportOutcome(error: TransportError, evaluator: string): EvaluationOutcome {
  return {
    evaluation: { evaluator, score: 0, passed: false },
    failure: { stage: 'transport', class: error.failureClass, message: error.message },
  };
}

/** Everything a record is made of, gathered by the sweep loop. */
export interface RecordParts {
  run: PlannedRun;
  sweepId: string;
  recordedAt: Date;
  simulated: boolean;
  model: ModelInfo;
  host: Host;
  params: Params;
  prompt: string;
  powerLimit: PowerLimit;
  /** null when the request failed in transport after its retries. */
  result: GenerateResult | null;
  /** Wall time measured by the loop, used when there is no result to report one. */
  wallMs: number;
  energy: Energy;
  outcome: EvaluationOutcome;
  cost: Cost;
  tool: { name: string; version: string };
  /** Earlier tries of this run_id (0: the first); a retry of a transport failure supersedes it. */
  attempt: number;
  /** Requests in flight at once in this session (`--concurrency`). */
  concurrency: number;
  /** `--shard K/N` of a sharded sweep; null or absent when the sweep is not sharded. */
  shard?: Shard | null;
  /** A tool-use run's transcript, and the suite's system prompt it was sent with. */
  agent?: AgentTrace;
  system?: string;
}

/** Assembles one `ledgerbench.run/1` record (pure; the writer validates it). */
export function buildRecord(parts: RecordParts): RunRecord {
  const { run, result, outcome } = parts;
  // Backend extras are kept for the evidence, but never override the params the run was asked for.
  const { power_limit: _powerLimit, ...extra } = result?.extra ?? {};
  const record: RunRecord = {
    schema: RUN_SCHEMA,
    run_id: run.run_id,
    sweep_id: parts.sweepId,
    recorded_at: parts.recordedAt.toISOString(),
    simulated: parts.simulated,
    model: parts.model,
    host: parts.host,
    experiment: run.experiment,
    task: {
      id: run.task.id,
      family: run.task.family,
      hash: taskHash(run.task),
      ...(run.task.success === undefined ? {} : { success: run.task.success }),
    },
    arm: run.arm,
    repeat: run.repeat,
    sample: run.sample,
    params: { ...extra, ...parts.params },
    request: { prompt: parts.prompt, ...(parts.system === undefined ? {} : { system: parts.system }) },
    power_limit: parts.powerLimit,
    response: result
      ? { text: result.text, done_reason: result.done_reason, ...(result.thinking === undefined ? {} : { thinking: result.thinking }) }
      : { text: '', done_reason: null },
    tokens: result?.tokens ?? { prompt: null, output: null, source: 'estimate' },
    timing: result?.timing ?? { wall_ms: parts.wallMs },
    energy: parts.energy,
    evaluation: outcome.evaluation,
    failure: outcome.failure,
    cost: parts.cost,
    tool: parts.tool,
  };
  // The first try carries no `attempt` (absent means 0), so ledgers without retries are unchanged.
  if (parts.attempt > 0) record.attempt = parts.attempt;
  record.concurrency = parts.concurrency;
  if (parts.shard) record.shard = parts.shard;
  if (outcome.sandbox) record.sandbox = outcome.sandbox;
  // Labelled as it is recorded, so the export need not guess: null says "checked, no harness fault".
  if (record.failure !== null) record.failure = { ...record.failure, harness_suspect: detectHarnessSuspect(suspectInputOf(record)) };
  if (parts.agent) record.agent = parts.agent;
  return record;
}
