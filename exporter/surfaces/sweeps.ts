import {
  SweepDualScoringRowSchema,
  SweepPassAtKRowSchema,
  SweepFailureRowSchema,
  SweepRowSchema,
  SweepSumsRowSchema,
  type Column,
  type SweepFailureRow,
  type SweepRow,
  type SweepSumsRow,
} from '../../schema/surfaces/index.ts';
import { SUM_COLUMNS } from '../../core/metrics/sum-columns.ts';
import { loadSql } from '../duckdb.ts';
import { pickFields, sumsOf } from '../metrics.ts';
import { failureFlags } from './failure_surfaces.ts';
import { countPassAtKSamples } from './pass_at_k.ts';
import { MODEL_KEY_COLUMNS } from './model_rankings.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

/** SQL rows → sweeps rows, flagged simulated when any run was. Pure. */
export function shapeSweeps(sqlRows: readonly Record<string, unknown>[]): SweepRow[] {
  return sqlRows.map((row) => SweepRowSchema.parse({ ...row, simulated: Number(row.simulated_runs) > 0 })).sort(byFields('sweep_id'));
}

export async function buildSweeps(context: SurfaceContext) {
  const rows = shapeSweeps(await context.db.query(loadSql('sweeps')));
  return envelope('sweeps', context, rows, {
    first_recorded_at: { unit: 'ISO-8601 UTC', description: 'earliest recorded_at of the sweep’s runs' },
    last_recorded_at: { unit: 'ISO-8601 UTC', description: 'latest recorded_at of the sweep’s runs' },
    hosts: { unit: 'hostnames', description: 'host.hostname of its runs, distinct and sorted (an imported run whose source kept no host adds none)' },
    gpus: { unit: 'names', description: 'GPU names of its runs, distinct and sorted; empty when none had a GPU' },
    runs: { unit: 'runs', description: 'accepted runs of the sweep' },
    not_answered: { unit: 'runs', description: 'runs that failed at transport (no answer)' },
    passed: { unit: 'runs', description: 'answered runs that passed' },
    simulated: { unit: 'boolean', description: 'true when any run of the sweep came from the simulator' },
  });
}

/** Group keys, then the sums alone: the metrics are what the site computes after pooling. */
function sumsOnly(row: Record<string, unknown>): SweepSumsRow {
  const sums = sumsOf(row);
  // In the schema's field order; the export parses the whole file against its schema before writing it.
  return pickFields(SWEEP_SUMS_FIELDS, row, { simulated: sums.simulated_runs > 0 }, sums) as SweepSumsRow;
}

const SWEEP_SUMS_FIELDS = Object.keys(SweepSumsRowSchema.shape);

/** SQL rows → sweep_sums rows. Pure. */
export function shapeSweepSums(sqlRows: readonly Record<string, unknown>[]): SweepSumsRow[] {
  return sqlRows
    .map(sumsOnly)
    .sort(byFields('sweep_id', 'experiment', 'arm', 'task_id', 'task_family', 'model', 'backend', 'model_family', 'power_level', 'applied_w'));
}

const SWEEP_SUMS_COLUMNS: Record<string, Column> = {
  ...MODEL_KEY_COLUMNS,
  sweep_id: { unit: 'id', description: 'the sweep the runs belong to (sweeps.json)' },
  power_level: { unit: 'request', description: 'the runs’ power-limit request as given, or "default"' },
  applied_w: { unit: 'W', description: 'power limit applied (a row key); null when none was applied' },
  ...SUM_COLUMNS,
};

export async function buildSweepSums(context: SurfaceContext) {
  return envelope('sweep_sums', context, shapeSweepSums(await context.db.query(loadSql('sweep_sums'))), SWEEP_SUMS_COLUMNS);
}

const SWEEP_FAILURE_FIELDS = Object.keys(SweepFailureRowSchema.shape);

/** SQL rows → sweep_failures rows, flagged as failure_surfaces flags them. Pure. */
export function shapeSweepFailures(sqlRows: readonly Record<string, unknown>[]): SweepFailureRow[] {
  return sqlRows
    .map((row) => pickFields(SWEEP_FAILURE_FIELDS, row, failureFlags(String(row.stage))) as SweepFailureRow)
    .sort(byFields('sweep_id', 'experiment', 'arm', 'task_id', 'model', 'stage', 'failure_class'));
}

export async function buildSweepFailures(context: SurfaceContext) {
  return envelope('sweep_failures', context, shapeSweepFailures(await context.db.query(loadSql('sweep_failures'))), {
    sweep_id: { unit: 'id', description: 'the sweep the failed runs belong to (sweeps.json)' },
    task_families: { unit: 'names', description: 'task families of the failed runs, distinct and sorted' },
    count: { unit: 'runs', description: 'runs of this sweep, model and task that failed this way' },
    representative_run_ids: { unit: 'ids', description: 'up to three of those runs, smallest id first' },
  });
}

export async function buildSweepDualScoring(context: SurfaceContext) {
  const rows = (await context.db.query(loadSql('sweep_dual_scoring'))).map((row) => SweepDualScoringRowSchema.parse(row));
  return envelope('sweep_dual_scoring', context, rows.sort(byFields('sweep_id', 'model', 'experiment', 'arm')), {
    sweep_id: { unit: 'id', description: 'the sweep the runs belong to (sweeps.json)' },
    runs: { unit: 'runs', description: 'answered runs of this sweep, model, suite and arm that carry a format score' },
    format_score_nano_sum: { unit: '1e-9 score', description: 'Σ evaluation.format_score over those runs, each rounded to 1e-9' },
    executor_score_nano_sum: { unit: '1e-9 score', description: 'Σ evaluation.score over those runs, each rounded to 1e-9' },
  });
}

export async function buildSweepPassAtK(context: SurfaceContext) {
  await countPassAtKSamples(context.db);
  const rows = (await context.db.query(loadSql('sweep_pass_at_k'))).map((row) => SweepPassAtKRowSchema.parse(row));
  return envelope('sweep_pass_at_k', context, rows.sort(byFields('sweep_id', 'model', 'experiment', 'arm', 'power_level', 'task_id')), {
    sweep_id: { unit: 'id', description: 'the sweep of the counted records (sweeps.json)' },
    n: { unit: 'samples', description: 'answered samples of the task counted in pass_at_k.json whose record is in this sweep' },
    c: { unit: 'samples', description: 'of those, the samples that passed' },
  });
}
