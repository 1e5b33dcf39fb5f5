import { ModelTaskRowSchema, type ModelTaskRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { METRIC_COLUMNS } from '../../core/metrics/compute.ts';
import { pickFields, splitAggregates } from '../metrics.ts';
import { MODEL_KEY_COLUMNS } from './model_rankings.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

const ROW_FIELDS = Object.keys(ModelTaskRowSchema.shape);

/** SQL rows → model_task rows, sorted by experiment, arm, power level, task, model. Pure. */
export function shapeModelTask(sqlRows: readonly Record<string, unknown>[]): ModelTaskRow[] {
  return sqlRows
    .map((row) => {
      const { keys, aggregated } = splitAggregates(row);
      // In the schema's field order; the export parses the whole file against its schema before writing it.
      return pickFields(ROW_FIELDS, keys, aggregated) as ModelTaskRow;
    })
    .sort(byFields('experiment', 'arm', 'power_level', 'task_id', 'task_family', 'model', 'backend', 'model_family'));
}

export async function buildModelTask(context: SurfaceContext) {
  const rows = shapeModelTask(await context.db.query(loadSql('model_task')));
  return envelope('model_task', context, rows, { ...MODEL_KEY_COLUMNS, ...METRIC_COLUMNS });
}
