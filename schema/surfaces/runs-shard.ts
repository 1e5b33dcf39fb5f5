import { z } from 'zod';
import { RunRecordSchema } from '../run-record.ts';
import { GeneratedFromSchema, SURFACE_SCHEMA_VERSION } from './envelope.ts';

/**
 * `data/runs/runs-NNNN.json`: accepted run records, sorted by (experiment, task id, model,
 * arm, power level, repeat, sample, run id) and cut into shards of about 2 MB.
 */
export const RunsShardSchema = z.object({
  surface: z.literal('runs'),
  schema_version: z.literal(SURFACE_SCHEMA_VERSION),
  generated_from: GeneratedFromSchema,
  shard: z.number().int().nonnegative(),
  rows: z.array(RunRecordSchema),
});

export type RunsShard = z.infer<typeof RunsShardSchema>;
