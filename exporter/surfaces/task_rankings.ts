import { TaskRankingRowSchema, type TaskRankingRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { METRIC_COLUMNS } from '../../core/metrics/compute.ts';
import { pickFields, splitAggregates } from '../metrics.ts';
import { rankTasks } from '../../core/rank.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

const TASK_RANKING_FIELDS = Object.keys(TaskRankingRowSchema.shape);

/** SQL rows → task rows, hardest (lowest pooled pass rate) first within experiment and arm. Pure. */
export function shapeTaskRankings(sqlRows: readonly Record<string, unknown>[]): TaskRankingRow[] {
  const rows = sqlRows.map((row) => {
    const { keys, aggregated } = splitAggregates(row);
    const min = keys.model_run_pass_rate_min;
    const max = keys.model_run_pass_rate_max;
    const spread = typeof min === 'number' && typeof max === 'number' ? max - min : null;
    return {
      keys,
      aggregated,
      experiment: String(keys.experiment),
      arm: String(keys.arm),
      run_pass_rate: aggregated.run_pass_rate,
      model_run_pass_rate_spread: spread,
    };
  });
  const ranks = rankTasks(rows);
  return (
    rows
      // In the schema's field order; the export parses the whole file against its schema before writing it.
      .map(
        (row) =>
          pickFields(TASK_RANKING_FIELDS, row.keys, row.aggregated, {
            model_run_pass_rate_spread: row.model_run_pass_rate_spread,
            difficulty_rank: ranks.get(row),
          }) as TaskRankingRow,
      )
      .sort(byFields('experiment', 'arm', 'difficulty_rank', 'task_id', 'task_family'))
  );
}

export async function buildTaskRankings(context: SurfaceContext) {
  const rows = shapeTaskRankings(await context.db.query(loadSql('task_rankings')));
  return envelope('task_rankings', context, rows, {
    models: { unit: 'models', description: 'distinct models (name and backend) that ran the task' },
    model_run_pass_rate_min: { unit: 'fraction', description: 'lowest per-model run pass rate over answered runs (power levels pooled)' },
    model_run_pass_rate_max: { unit: 'fraction', description: 'highest per-model run pass rate over answered runs (power levels pooled)' },
    model_run_pass_rate_spread: { unit: 'fraction', description: 'max − min per-model run pass rate: how well the task separates models' },
    difficulty_rank: { unit: 'rank', description: '1 = lowest pooled run pass rate within experiment and arm; ties share a rank' },
    ...METRIC_COLUMNS,
  });
}
