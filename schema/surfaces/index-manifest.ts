import { z } from 'zod';
import { GeneratedFromSchema, SURFACE_SCHEMA_VERSION } from './envelope.ts';

/**
 * The audit trail from one input ledger to the outputs: its accepted records, the sweeps they
 * belong to and the run shards that hold them (rows counted per shard). Lines rejected, duplicated
 * or superseded by a later attempt produced nothing and are not counted here.
 */
const LedgerProducedSchema = z.object({
  records: z.number().int().nonnegative(),
  sweeps: z.array(z.object({ sweep_id: z.string(), records: z.number().int().positive() })),
  run_shards: z.array(z.object({ path: z.string(), rows: z.number().int().positive() })),
});

/** `data/index.json`: the manifest of every other file in data/ and of the ledgers read. */
export const IndexSchema = z.object({
  surface: z.literal('index'),
  schema_version: z.literal(SURFACE_SCHEMA_VERSION),
  generated_from: GeneratedFromSchema,
  files: z.array(
    z.object({
      /** Relative to data/, with forward slashes: `model_rankings.json`, `runs/runs-0001.json`. */
      path: z.string(),
      surface: z.string(),
      rows: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  ledgers: z.array(
    z.object({
      /** Relative to the ledgers root given to the exporter. */
      path: z.string(),
      lines: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      /** What the ledger's accepted records fed; absent in exports made before it was recorded. */
      produced: LedgerProducedSchema.optional(),
    }),
  ),
  counts: z.object({
    accepted: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    duplicates: z.number().int().nonnegative(),
    simulated: z.number().int().nonnegative(),
  }),
  /** Which run shard holds which tasks, so the UI fetches only the shards a drill-down needs. */
  run_shards: z.array(
    z.object({
      path: z.string(),
      rows: z.number().int().nonnegative(),
      /** `experiment/task_id` keys present in the shard. */
      tasks: z.array(z.string()),
    }),
  ),
});

export type IndexManifest = z.infer<typeof IndexSchema>;
export type LedgerProduced = z.infer<typeof LedgerProducedSchema>;
