import { z } from 'zod';

/**
 * Which part of a sharded sweep (`--shard K/N`) a record or sidecar belongs to. `index` is
 * 0-based, as Slurm array task ids and Kubernetes JOB_COMPLETION_INDEX are: shard 0 of 4 to 3 of 4.
 */
export const ShardSchema = z
  .object({
    index: z.number().int().nonnegative(),
    count: z.number().int().min(1),
  })
  .refine((shard) => shard.index < shard.count, { message: 'shard index must be below the shard count' });

export type Shard = z.infer<typeof ShardSchema>;
