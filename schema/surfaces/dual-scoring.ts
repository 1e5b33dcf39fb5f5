import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

const interval = z.object({ low: z.number().finite(), high: z.number().finite() });

/** Per model × suite × arm: how the answers looked (format) against whether they worked (executor). */
export const DualScoringRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  runs: z.number().int().nonnegative(),
  mean_format_score: z.number().min(0).max(1),
  mean_executor_score: z.number().min(0).max(1),
  /** contract − plain for this model and suite, repeated on each arm's row; null on the plain row or without both arms. */
  format_delta: z.number().finite().nullable(),
  format_delta_ci: interval.nullable(),
  executor_delta: z.number().finite().nullable(),
  executor_delta_ci: interval.nullable(),
  paired_tasks: z.number().int().nonnegative(),
  classification: z.enum(['format_only', 'contract_helps', 'contract_hurts', 'no_effect']).nullable(),
  simulated: z.boolean(),
});

export const DualScoringSchema = surfaceEnvelope('dual_scoring', DualScoringRowSchema);
export type DualScoringRow = z.infer<typeof DualScoringRowSchema>;
