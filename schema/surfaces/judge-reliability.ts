import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

const rate = z.number().min(0).max(1).nullable();
const bound = z.number().finite().nullable();

/**
 * Per judged suite × candidate model × judge: how far the judge can be trusted on the runs it graded —
 * position consistency (order swapped), self-consistency (second seed), agreement with the exact checks
 * (Cohen's kappa with its interval) and, with two judges, their agreement. Shown beside every judged
 * pass rate; `reliable: false` says the judged verdicts rest on a judge below the stated thresholds.
 */
export const JudgeReliabilityRowSchema = z.object({
  experiment: z.string(),
  model: z.string(),
  /** The judge as `--judge` spelled it. */
  judge: z.string(),
  /** `decides`: the first judge, whose verdict is `evaluation.passed`; `second`: measured against it. */
  role: z.enum(['decides', 'second']),
  /** Judged runs of this model (empty replies are failed by the exact checks and never judged). */
  runs: z.number().int().nonnegative(),
  graded: z.number().int().nonnegative(),
  calls: z.number().int().nonnegative(),
  no_grade_calls: z.number().int().nonnegative(),
  /** The suite's pass rate for this model: exact checks and the deciding judge both passed. */
  pass_rate: rate,
  judge_pass_rate: rate,
  exact_pass_rate: rate,
  position_agreement: rate,
  position_agreement_low: bound,
  position_agreement_high: bound,
  position_pairs: z.number().int().nonnegative(),
  /** Of calls preferring one text, the share preferring the one shown first: 0.5 means no position bias. */
  first_preference: rate,
  seed_agreement: rate,
  seed_pairs: z.number().int().nonnegative(),
  exact_kappa: bound,
  exact_kappa_low: bound,
  exact_kappa_high: bound,
  exact_pairs: z.number().int().nonnegative(),
  /** Kappa between the two judges on runs both graded; null with one judge. */
  inter_judge_kappa: bound,
  inter_judge_kappa_low: bound,
  inter_judge_kappa_high: bound,
  /** The judge's own cost over these runs, never counted in the candidate's columns. */
  judge_prompt_tokens: z.number().int().nonnegative(),
  judge_output_tokens: z.number().int().nonnegative(),
  judge_wall_ms: z.number().nonnegative(),
  judge_joules: z.number().nonnegative().nullable(),
  reliable: z.boolean(),
  warnings: z.array(z.string()),
  kappa_threshold: z.number(),
  position_threshold: z.number(),
  simulated: z.boolean(),
});

export const JudgeReliabilitySchema = surfaceEnvelope('judge_reliability', JudgeReliabilityRowSchema);
export type JudgeReliabilityRow = z.infer<typeof JudgeReliabilityRowSchema>;
export type JudgeReliabilitySurface = z.infer<typeof JudgeReliabilitySchema>;
