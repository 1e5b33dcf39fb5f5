import { modelFamily } from '../../core/model-family.ts';
import { printModelSpec } from '../../core/model-spec.ts';
import { powerLevelKey } from '../../core/power-level.ts';
import { HARD_FAILURE_STAGES, type RunRecord } from '../../schema/run-record.ts';

const HARD_STAGES: ReadonlySet<string> = new Set(HARD_FAILURE_STAGES);

/**
 * A run record (as a run shard holds it) → a row with runs.parquet's columns (docs/surfaces.md,
 * "runs.parquet"), every column present even when null so the engine types each one. The shards
 * do not say which ledger line a record came from: `ledger` and `line` are null here.
 */
export function runRow(record: RunRecord): Record<string, string | number | boolean | null> {
  const failure = record.failure;
  return {
    run_id: record.run_id,
    sweep_id: record.sweep_id,
    recorded_at: record.recorded_at,
    simulated: record.simulated,
    model: printModelSpec(record.model),
    backend: record.model.backend,
    model_family: modelFamily(record.model),
    experiment: record.experiment,
    task_id: record.task.id,
    task_family: record.task.family,
    task_hash: record.task.hash,
    evaluator: record.evaluation.evaluator,
    arm: record.arm,
    repeat: record.repeat,
    sample: record.sample ?? 0,
    power_level: powerLevelKey(record.power_limit.request),
    power_mode: record.power_limit.mode,
    requested_w: record.power_limit.requested_w,
    applied_w: record.power_limit.applied_w,
    hostname: record.host.hostname,
    gpu: record.host.gpu?.name ?? null,
    passed: record.evaluation.passed,
    score: record.evaluation.score,
    format_score: record.evaluation.format_score ?? null,
    failure_stage: failure?.stage ?? null,
    failure_class: failure?.class ?? null,
    hard_failure: failure !== null && HARD_STAGES.has(failure.stage),
    prompt_tokens: record.tokens.prompt,
    output_tokens: record.tokens.output,
    token_source: record.tokens.source,
    wall_ms: record.timing.wall_ms,
    generation_ms: record.timing.generation_ms ?? null,
    ttft_ms: record.timing.ttft_ms ?? null,
    energy_method: record.energy.method,
    joules: record.energy.joules,
    energy_valid: record.energy.valid,
    energy_reason: record.energy.reason,
    usd: record.cost.usd,
    cost_basis: record.cost.basis,
    ledger: null,
    line: null,
  };
}
