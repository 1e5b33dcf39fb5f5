import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { AggregatedSchema } from './metrics.ts';

/** One task across every model that ran it (within a suite and arm), hardest first. */
export const TaskRankingRowSchema = z
  .object({
    experiment: z.string(),
    arm: z.string(),
    task_id: z.string(),
    task_family: z.string(),
    models: z.number().int().nonnegative(),
    /** Lowest and highest per-model run pass rate (answered runs): the spread tells a discriminating task; null when no model answered. */
    model_run_pass_rate_min: z.number().min(0).max(1).nullable(),
    model_run_pass_rate_max: z.number().min(0).max(1).nullable(),
    model_run_pass_rate_spread: z.number().min(0).max(1).nullable(),
    /** 1 = hardest (lowest pooled run pass rate) within the suite and arm; unanswered tasks rank last. */
    difficulty_rank: z.number().int().positive(),
  })
  .extend(AggregatedSchema.shape);

export const TaskRankingsSchema = surfaceEnvelope('task_rankings', TaskRankingRowSchema);
export type TaskRankingRow = z.infer<typeof TaskRankingRowSchema>;
