import { ModelTaskTdpRowSchema, type ModelTaskTdpRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { METRIC_COLUMNS } from '../../core/metrics/compute.ts';
import { pickFields, splitAggregates } from '../metrics.ts';
import { MODEL_KEY_COLUMNS } from './model_rankings.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

const ROW_FIELDS = Object.keys(ModelTaskTdpRowSchema.shape);

/** SQL rows → model_task_tdp rows: one per applied wattage, lowest watts first. Pure. */
export function shapeModelTaskTdp(sqlRows: readonly Record<string, unknown>[]): ModelTaskTdpRow[] {
  return sqlRows
    .map((row) => {
      const { keys, aggregated } = splitAggregates(row);
      // In the schema's field order; the export parses the whole file against its schema before writing it.
      return pickFields(ROW_FIELDS, keys, aggregated) as ModelTaskTdpRow;
    })
    .sort(byFields('experiment', 'arm', 'task_id', 'task_family', 'model', 'backend', 'model_family', 'applied_w'));
}

export async function buildModelTaskTdp(context: SurfaceContext) {
  const rows = shapeModelTaskTdp(await context.db.query(loadSql('model_task_tdp')));
  return envelope('model_task_tdp', context, rows, {
    ...MODEL_KEY_COLUMNS,
    power_level: { unit: 'request', description: 'the power-level requests that led to this applied limit, comma-separated' },
    applied_w: { unit: 'W', description: 'power limit applied (the row key); null when no limit was applied' },
    ...METRIC_COLUMNS,
  });
}
