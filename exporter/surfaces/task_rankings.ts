import { TaskRankingRowSchema, type TaskRankingRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { METRIC_COLUMNS, splitAggregates } from '../metrics.ts';
import { byFields, rankWithin } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

/** SQL rows → task rows, hardest (lowest pooled pass rate) first within experiment and arm. Pure. */
export function shapeTaskRankings(sqlRows: readonly Record<string, unknown>[]): TaskRankingRow[] {
  const rows = sqlRows.map((row) => {
    const { keys, metrics } = splitAggregates(row);
    const min = Number(keys.model_pass_rate_min);
    const max = Number(keys.model_pass_rate_max);
    return { keys, metrics, pass_rate: metrics.pass_rate, model_pass_rate_spread: max - min };
  });
  const ranks = rankWithin(
    rows,
    (row) => `${String(row.keys.experiment)}\u0000${String(row.keys.arm)}`,
    (a, b) => a.pass_rate - b.pass_rate,
  );
  return rows
    .map((row) =>
      TaskRankingRowSchema.parse({
        ...row.keys,
        ...row.metrics,
        model_pass_rate_spread: row.model_pass_rate_spread,
        difficulty_rank: ranks.get(row),
      }),
    )
    .sort(byFields('experiment', 'arm', 'difficulty_rank', 'task_id', 'task_family'));
}

export async function buildTaskRankings(context: SurfaceContext) {
  const rows = shapeTaskRankings(await context.db.query(loadSql('task_rankings')));
  return envelope('task_rankings', context, rows, {
    models: { unit: 'models', description: 'distinct models (name and backend) that ran the task' },
    model_pass_rate_min: { unit: 'fraction', description: 'lowest per-model pass rate (power levels pooled)' },
    model_pass_rate_max: { unit: 'fraction', description: 'highest per-model pass rate (power levels pooled)' },
    model_pass_rate_spread: { unit: 'fraction', description: 'max − min per-model pass rate: how well the task separates models' },
    difficulty_rank: { unit: 'rank', description: '1 = lowest pooled pass rate within experiment and arm; ties share a rank' },
    ...METRIC_COLUMNS,
  });
}
