import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { MetricsSchema } from './metrics.ts';

/** One task across every model that ran it (within a suite and arm), hardest first. */
export const TaskRankingRowSchema = z
  .object({
    experiment: z.string(),
    arm: z.string(),
    task_id: z.string(),
    task_family: z.string(),
    models: z.number().int().nonnegative(),
    /** Lowest and highest per-model pass rate: the spread tells a discriminating task. */
    model_pass_rate_min: z.number().min(0).max(1),
    model_pass_rate_max: z.number().min(0).max(1),
    model_pass_rate_spread: z.number().min(0).max(1),
    /** 1 = hardest (lowest pooled pass rate) within the suite and arm. */
    difficulty_rank: z.number().int().positive(),
  })
  .extend(MetricsSchema.shape);

export const TaskRankingsSchema = surfaceEnvelope('task_rankings', TaskRankingRowSchema);
export type TaskRankingRow = z.infer<typeof TaskRankingRowSchema>;
