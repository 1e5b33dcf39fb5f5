import { HARD_FAILURE_STAGES } from '../../schema/run-record.ts';
import { FailureSurfaceRowSchema, type FailureSurfaceRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { pickFields } from '../metrics.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

// Transport is an outage, not a model result: it is `not_answered`, never a hard failure of the model.
const HARD: ReadonlySet<string> = new Set(HARD_FAILURE_STAGES.filter((stage) => stage !== 'transport'));

/** What a failure stage says of the answer: `hard` (no usable output) or `not_answered` (an outage). */
export function failureFlags(stage: string): { hard: boolean; not_answered: boolean } {
  return { hard: HARD.has(stage), not_answered: stage === 'transport' };
}

const FAILURE_FIELDS = Object.keys(FailureSurfaceRowSchema.shape);

/** SQL rows → failure rows with `hard` and `rate` (count ÷ runs of that model on that task). Pure. */
export function shapeFailureSurfaces(sqlRows: readonly Record<string, unknown>[]): FailureSurfaceRow[] {
  return (
    sqlRows
      // In the schema's field order; the export parses the whole file against its schema before writing it.
      .map((row) => pickFields(FAILURE_FIELDS, row, failureFlags(String(row.stage)), { rate: Number(row.count) / Number(row.runs) }) as FailureSurfaceRow)
      .sort(byFields('experiment', 'arm', 'task_id', 'model', 'stage', 'failure_class'))
  );
}

export async function buildFailureSurfaces(context: SurfaceContext) {
  const rows = shapeFailureSurfaces(await context.db.query(loadSql('failure_surfaces')));
  return envelope('failure_surfaces', context, rows, {
    count: { unit: 'runs', description: 'runs of this model on this task that failed this way' },
    runs: { unit: 'runs', description: 'all runs of this model on this task (experiment and arm), power levels pooled' },
    rate: { unit: 'fraction', description: 'count ÷ runs' },
    answered_runs: { unit: 'runs', description: 'runs of this model on this task that the server answered (not a transport failure)' },
    hard: { unit: 'boolean', description: 'an answer with no usable output: stage extract, parse or execute' },
    not_answered: { unit: 'boolean', description: 'stage transport: the server never answered; an outage, not a model result' },
  });
}
