import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

const interval = z.object({ low: z.number().finite(), high: z.number().finite() });
const rate = z.number().finite().min(0).max(1);

export const VerdictSchema = z.enum([
  'significant_regression',
  'significant_improvement',
  'non_inferior',
  'inconclusive',
  'insufficient_evidence',
]);

/** A paired original → candidate comparison within one suite (and arm). */
export const ComparisonRowSchema = z.object({
  original: z.string(),
  candidate: z.string(),
  /** `model` (two models) or `power_level` (one model at a lower limit vs its highest). */
  kind: z.enum(['model', 'power_level']),
  original_power_level: z.string(),
  candidate_power_level: z.string(),
  experiment: z.string(),
  arm: z.string(),
  /** How repeats were folded into one outcome per task: `majority` of repeats. */
  outcome_rule: z.string(),
  pairs: z.number().int().nonnegative(),
  unpaired_runs_excluded: z.number().int().nonnegative(),
  both_pass: z.number().int().nonnegative(),
  /** b: original passed, candidate failed. */
  original_only: z.number().int().nonnegative(),
  /** c: candidate passed, original failed. */
  candidate_only: z.number().int().nonnegative(),
  both_fail: z.number().int().nonnegative(),
  original_pass_rate: rate,
  original_ci: interval,
  candidate_pass_rate: rate,
  candidate_ci: interval,
  /** candidate − original, with Newcombe's hybrid score interval (method 10). */
  delta: z.number().finite(),
  delta_ci: interval,
  mcnemar_p: z.number().finite().min(0).max(1),
  /** p after Holm's correction across suites, when `--holm`; otherwise null. */
  mcnemar_p_holm: z.number().finite().min(0).max(1).nullable(),
  alpha: z.number().finite(),
  margin: z.number().finite(),
  verdict: VerdictSchema,
  verdict_reason: z.string(),
  /** A planning estimate of paired tasks likely to decide an open verdict; null when decided. */
  pairs_needed_estimate: z.number().int().positive().nullable(),
  energy_delta_j: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  cost_delta_usd: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  output_tokens_delta: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  wall_ms_delta: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  original_usd_per_pass: z.number().finite().nullable(),
  candidate_usd_per_pass: z.number().finite().nullable(),
  simulated: z.boolean(),
});

/** Per original and suite: the cheapest candidate that holds up, or none. */
export const RecommendationSchema = z.object({
  original: z.string(),
  experiment: z.string(),
  arm: z.string(),
  candidate: z.string().nullable(),
  message: z.string(),
});

export const ComparisonsSchema = surfaceEnvelope('comparisons', ComparisonRowSchema).extend({
  recommendations: z.array(RecommendationSchema),
});

export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
