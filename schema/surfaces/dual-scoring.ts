import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { FixedUnitSumSchema } from './metrics.ts';

const interval = z.object({ low: z.number().finite(), high: z.number().finite() });

/** Per model × suite × arm: how the answers looked (format) against whether they worked (executor). */
export const DualScoringRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  /** The arm the deltas are taken against (`plain`). */
  baseline_arm: z.string(),
  /** Runs of this model, suite and arm that carry a format score (code runs). */
  runs: z.number().int().nonnegative(),
  mean_format_score: z.number().min(0).max(1),
  mean_executor_score: z.number().min(0).max(1),
  /** Σ format score and Σ executor score over `runs`, in 1e-9 units: rows pool by adding these and runs. */
  format_score_nano_sum: FixedUnitSumSchema,
  executor_score_nano_sum: FixedUnitSumSchema,
  /**
   * This arm − plain for this model and suite (mean over paired tasks of the per-task mean
   * difference), with a seeded bootstrap 95% interval over tasks; null on the plain row or
   * without a plain arm.
   */
  format_delta: z.number().finite().nullable(),
  format_delta_ci: interval.nullable(),
  executor_delta: z.number().finite().nullable(),
  executor_delta_ci: interval.nullable(),
  /** Paired units behind the deltas: tasks (per power level), and the runs paired within them. */
  paired_tasks: z.number().int().nonnegative(),
  paired_runs: z.number().int().nonnegative(),
  /**
   * `contract_helps` / `contract_hurts`: executor delta interval above / below 0; `format_only`:
   * format delta above 0 while execution did not move significantly; `no_effect` otherwise.
   * Null on the plain row, without a plain arm, or with fewer than 10 paired tasks.
   */
  classification: z.enum(['format_only', 'contract_helps', 'contract_hurts', 'no_effect']).nullable(),
  simulated: z.boolean(),
});

export const DualScoringSchema = surfaceEnvelope('dual_scoring', DualScoringRowSchema);
export type DualScoringRow = z.infer<typeof DualScoringRowSchema>;
export type DualScoring = z.infer<typeof DualScoringSchema>;
