import { HARD_FAILURE_STAGES, type RunRecord } from '../../schema/run-record.ts';
import { recordHarnessSuspect } from '../../core/harness-suspect.ts';
import { printModelSpec } from '../../core/model-spec.ts';
import { powerLevelKey } from '../../core/power-level.ts';
import { modelFamily } from '../../core/model-family.ts';

/** SQL type of a `runs` column, as the DuckDB module appends it. */
export type ColumnKind = 'varchar' | 'integer' | 'bigint' | 'double' | 'boolean';

/**
 * The `runs` table's columns in table order (exporter/sql/runs_table.sql is the DDL; a test checks
 * the two agree). The DuckDB module appends rows column by column in this order.
 */
export const RUN_COLUMNS = [
  ['run_id', 'varchar'],
  ['sweep_id', 'varchar'],
  ['recorded_at', 'varchar'],
  ['simulated', 'boolean'],
  ['model', 'varchar'],
  ['backend', 'varchar'],
  ['model_family', 'varchar'],
  ['experiment', 'varchar'],
  ['task_id', 'varchar'],
  ['task_family', 'varchar'],
  ['task_hash', 'varchar'],
  ['evaluator', 'varchar'],
  ['arm', 'varchar'],
  ['repeat', 'integer'],
  ['sample', 'integer'],
  ['power_level', 'varchar'],
  ['power_mode', 'varchar'],
  ['requested_w', 'double'],
  ['applied_w', 'double'],
  ['gpu', 'varchar'],
  ['hostname', 'varchar'],
  ['passed', 'boolean'],
  ['score', 'double'],
  ['format_score', 'double'],
  ['failure_stage', 'varchar'],
  ['failure_class', 'varchar'],
  ['hard_failure', 'boolean'],
  ['prompt_tokens', 'integer'],
  ['output_tokens', 'integer'],
  ['token_source', 'varchar'],
  ['wall_ms', 'double'],
  ['generation_ms', 'double'],
  ['ttft_ms', 'double'],
  ['energy_method', 'varchar'],
  ['joules', 'double'],
  ['energy_valid', 'boolean'],
  ['energy_reason', 'varchar'],
  ['usd', 'double'],
  ['cost_basis', 'varchar'],
  ['harness_suspect', 'varchar'],
  ['harness_evidence', 'varchar'],
  ['origin_format', 'varchar'],
  ['their_passed', 'boolean'],
  ['ledger_index', 'integer'],
  ['line', 'integer'],
  ['byte_offset', 'bigint'],
  ['byte_length', 'integer'],
] as const satisfies readonly (readonly [string, ColumnKind])[];

/** One `runs` row as values in RUN_COLUMNS order. */
export type FlatRun = (string | number | boolean | null)[];

/**
 * Where a record came from (ledger_index, line). The last two columns, byte_offset and
 * byte_length, say where its normalised text sits in the export's record store
 * (exporter/ledgers/record-store.ts); the loader appends them as it stores the record.
 */
export interface LineRef {
  ledgerIndex: number;
  line: number;
}

const HARD_STAGES: ReadonlySet<string> = new Set(HARD_FAILURE_STAGES);

/** The power level a run belongs to: the request as given (`"80"`, `"144w"`), or `"default"`. */
export function powerLevel(record: RunRecord): string {
  return powerLevelKey(record.power_limit.request);
}

/** A validated record → one `runs` row without its record-store position (pure). */
export function flattenRecord(record: RunRecord, ref: LineRef): FlatRun {
  const failure = record.failure;
  // Derived here, once per record, for records that predate the label (or were imported): the
  // ledger is never rewritten, and every surface reads the same column.
  const suspect = recordHarnessSuspect(record);
  return [
    record.run_id,
    record.sweep_id,
    record.recorded_at,
    record.simulated,
    printModelSpec(record.model),
    record.model.backend,
    modelFamily(record.model),
    record.experiment,
    record.task.id,
    record.task.family,
    record.task.hash,
    record.evaluation.evaluator,
    record.arm,
    record.repeat,
    record.sample ?? 0,
    powerLevel(record),
    record.power_limit.mode,
    record.power_limit.requested_w,
    record.power_limit.applied_w,
    record.host.gpu?.name ?? null,
    record.host.hostname,
    record.evaluation.passed,
    record.evaluation.score,
    record.evaluation.format_score ?? null,
    failure?.stage ?? null,
    failure?.class ?? null,
    failure !== null && HARD_STAGES.has(failure.stage),
    record.tokens.prompt,
    record.tokens.output,
    record.tokens.source,
    record.timing.wall_ms,
    record.timing.generation_ms ?? null,
    record.timing.ttft_ms ?? null,
    record.energy.method,
    record.energy.joules,
    record.energy.valid,
    record.energy.reason,
    record.cost.usd,
    record.cost.basis,
    suspect?.reason ?? null,
    suspect?.evidence ?? null,
    record.origin?.format ?? null,
    // Their verdict only where ours replaced it: the rescoring surface compares the two.
    record.origin?.rescored ? (record.origin.their_verdict?.passed ?? null) : null,
    ref.ledgerIndex,
    ref.line,
  ];
}
