import { ModelKeySchema, type Column, type ModelRankingRow, type ModelRankings } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { METRIC_COLUMNS } from '../../core/metrics/compute.ts';
import { splitAggregates } from '../metrics.ts';
import { rankModels } from '../../core/rank.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

/** Columns of the model key that need a unit or a word of explanation. */
export const MODEL_KEY_COLUMNS: Record<string, Column> = {
  power_level: { unit: 'request', description: 'power-limit request as given ("80" = 80% of default, "144w"), or "default"' },
  applied_w: { unit: 'W', description: 'median power limit applied over the runs; null when none was set' },
  gpu: { unit: 'name', description: 'GPU name(s) the runs were measured on, joined by " + "' },
};

/** Ranks rows by run pass rate within (experiment, arm, power_level); equal rates share a rank, no rate ranks last. Pure. */
export function shapeModelRankings(sqlRows: readonly Record<string, unknown>[]): ModelRankingRow[] {
  const rows = sqlRows.map((row) => {
    const { keys, aggregated } = splitAggregates(row);
    return { ...ModelKeySchema.parse(keys), ...aggregated };
  });
  const ranks = rankModels(rows);
  return rows.map((row) => ({ ...row, rank: ranks.get(row)! })).sort(byFields('experiment', 'arm', 'power_level', 'rank', 'model', 'backend', 'model_family'));
}

export async function buildModelRankings(context: SurfaceContext): Promise<ModelRankings> {
  const rows = shapeModelRankings(await context.db.query(loadSql('model_rankings')));
  return envelope('model_rankings', context, rows, {
    ...MODEL_KEY_COLUMNS,
    ...METRIC_COLUMNS,
    rank: { unit: 'rank', description: '1 = best run pass rate within experiment, arm and power level; ties share a rank; no answered run ranks last' },
  });
}
