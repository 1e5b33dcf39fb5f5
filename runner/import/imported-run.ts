import { CliError } from '../../lib/cli-error.ts';
import { stableId } from '../../lib/hash.ts';
import type { ImportFormat, Origin, TheirVerdict } from '../../schema/origin.ts';
import { RUN_SCHEMA, type Cost, type Energy, type Failure, type Host, type Params, type PowerLimit, type RunRecord } from '../../schema/run-record.ts';
import type { EvaluationOutcome } from '../evaluators/evaluator.ts';
import { toolInfo } from '../sweep/effects.ts';
import type { SourceFile } from './source-file.ts';

/** What our evaluator needs to score an imported answer again (`--rescore`). */
export interface RescoreTarget {
  /** `name@version` of one of our evaluators. */
  evaluator: string;
  reference: unknown;
  settings?: Record<string, unknown>;
}

/** Their verdict and the failure it implies, as the source recorded it. */
export interface SourceVerdict extends TheirVerdict {
  failure: Failure;
}

/**
 * One run read from a source, before it becomes a ledger record. A field the source does not hold
 * is null here and in the record: the importer never fills a gap with a guess.
 */
export interface ImportedRun {
  line: number | null;
  index: string | null;
  model: { name: string; backend: 'ollama' | 'openai' };
  experiment: string;
  task: { id: string; family: string; hash: string | null };
  arm: string;
  repeat: number;
  sample?: number;
  recordedAt: string;
  simulated: boolean;
  prompt: string | null;
  response: string | null;
  doneReason: string | null;
  params: Params;
  tokens: { prompt: number | null; output: number | null };
  wallMs: number | null;
  energy: Energy | null;
  host: Host | null;
  powerLimit: PowerLimit | null;
  verdict: SourceVerdict;
  cost: Cost | null;
  /** Source fields present but not carried, each as `field: why`. */
  dropped: string[];
  rescore: RescoreTarget | null;
}

/** Which harness wrote the file, as far as the file says. */
export interface SourceInfo {
  format: ImportFormat;
  tool: { name: string; version: string | null };
  file: SourceFile;
}

/** An ISO-8601 UTC timestamp from the source's own, or one located CliError. */
export function isoTime(value: string | number, where: string): string {
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new CliError(`${where}: not a timestamp: ${JSON.stringify(value)}`);
  return date.toISOString();
}

/** The id of an imported run: the source's bytes and the run's place in them, so a re-import gives the same ids. */
export function importedRunId(info: SourceInfo, run: Pick<ImportedRun, 'line' | 'index'>): string {
  return `import-${stableId([info.format, info.file.sha256, run.line, run.index])}`;
}

const NO_ENERGY: Energy = { method: 'none', joules: null, valid: false, reason: 'not recorded by the source harness' };
const NO_POWER_LIMIT: PowerLimit = { request: null, mode: null, requested_w: null, applied_w: null };

/** The ledger fields this run fills and those it leaves null, for origin.mapped / origin.not_recorded. */
function coverage(run: ImportedRun): { mapped: string[]; notRecorded: string[] } {
  const fields: [string, unknown][] = [
    ['request.prompt', run.prompt],
    ['response.text', run.response],
    ['response.done_reason', run.doneReason],
    ['params.temperature', run.params.temperature],
    ['params.seed', run.params.seed],
    ['params.max_tokens', run.params.max_tokens],
    ['tokens.prompt', run.tokens.prompt],
    ['tokens.output', run.tokens.output],
    ['timing.wall_ms', run.wallMs],
    ['energy.joules', run.energy?.joules ?? null],
    ['host.hostname', run.host?.hostname ?? null],
    ['host.gpu', run.host?.gpu ?? null],
    ['power_limit.applied_w', run.powerLimit?.applied_w ?? null],
    ['cost.usd', run.cost?.usd ?? null],
    ['evaluation.passed', run.verdict.passed],
    ['evaluation.score', run.verdict.score],
  ];
  const mapped = fields.filter(([, value]) => value !== null).map(([name]) => name);
  const notRecorded = fields.filter(([, value]) => value === null).map(([name]) => name);
  return { mapped: ['model.name', 'experiment', 'task.id', 'recorded_at', ...mapped], notRecorded };
}

function where(info: SourceInfo, run: ImportedRun): string {
  return run.line !== null ? `${info.file.label}:${run.line}` : `${info.file.label}: ${run.index ?? '(document)'}`;
}

/**
 * Their verdict as the record's evaluation, under the evaluator name `imported-<format>@1` (a
 * verdict we did not compute); `--rescore` later replaces it with ours and keeps theirs in origin.
 */
function theirEvaluation(info: SourceInfo, run: ImportedRun): RunRecord['evaluation'] {
  const { passed, score } = run.verdict;
  if (passed === null) throw new CliError(`${where(info, run)}: no verdict in the source (neither pass/fail nor a score); this run cannot be imported`);
  return { evaluator: `imported-${info.format}@1`, score: score ?? (passed ? 1 : 0), passed };
}

/**
 * The `ledgerbench.run/1` record for an imported run, its origin block included. With `ours` (the
 * run scored again by our evaluator) the evaluation and failure are ours and theirs stays in origin.
 */
export function toRecord(info: SourceInfo, run: ImportedRun, ours?: EvaluationOutcome): RunRecord {
  const { mapped, notRecorded } = coverage(run);
  const { failure, ...theirs } = run.verdict;
  const known = theirs.passed !== null || theirs.score !== null;
  const origin: Origin = {
    format: info.format,
    tool: info.tool,
    source_file: info.file.name,
    source_sha256: info.file.sha256,
    line: run.line,
    index: run.index,
    mapped,
    not_recorded: notRecorded,
    dropped: [...run.dropped].sort(),
    their_verdict: known ? theirs : null,
    rescored: ours !== undefined,
  };
  return {
    schema: RUN_SCHEMA,
    run_id: importedRunId(info, run),
    sweep_id: `import-${info.format}-${info.file.sha256.slice(0, 12)}`,
    recorded_at: run.recordedAt,
    simulated: run.simulated,
    model: run.model,
    host: run.host ?? { hostname: null, gpu: null },
    experiment: run.experiment,
    // No task hash in the source: one from what identifies the task there, stable across imports.
    task: { id: run.task.id, family: run.task.family, hash: run.task.hash ?? stableId([info.format, run.experiment, run.task.id, run.prompt]) },
    arm: run.arm,
    repeat: run.repeat,
    ...(run.sample === undefined ? {} : { sample: run.sample }),
    params: run.params,
    ...(run.prompt === null ? {} : { request: { prompt: run.prompt } }),
    power_limit: run.powerLimit ?? NO_POWER_LIMIT,
    response: { text: run.response, done_reason: run.doneReason },
    tokens: { prompt: run.tokens.prompt, output: run.tokens.output, source: 'server' },
    timing: { wall_ms: run.wallMs },
    energy: run.energy ?? NO_ENERGY,
    evaluation: ours?.evaluation ?? theirEvaluation(info, run),
    failure: ours === undefined ? failure : ours.failure,
    cost: run.cost ?? { usd: null, basis: null },
    // The tool that wrote this record; the harness that produced the result is origin.tool.
    tool: toolInfo(),
    ...(ours?.sandbox === undefined ? {} : { sandbox: ours.sandbox }),
    origin,
  };
}

/** Parameters the source did not record. */
export const UNKNOWN_PARAMS: Params = { temperature: null, seed: null, max_tokens: null };
