import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { DiscordantSuspectsSchema } from './harness-suspects.ts';

const interval = z.object({ low: z.number().finite(), high: z.number().finite() });
const rate = z.number().finite().min(0).max(1);

export const VerdictSchema = z.enum(['significant_regression', 'significant_improvement', 'non_inferior', 'inconclusive', 'insufficient_evidence']);

/** The efficiency deltas of a comparison, each null when no pair recorded its quantity on both sides. */
export const DeltaNameSchema = z.enum(['energy_delta_j', 'cost_delta_usd', 'output_tokens_delta', 'wall_ms_delta']);
export type DeltaName = z.infer<typeof DeltaNameSchema>;

/** The most task ids a comparison row lists per discordant side, so comparisons.json stays small at any suite size. */
export const DISCORDANT_LIST_LIMIT = 500;

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
  /** Paired tasks: the unit of McNemar's test and of every interval. */
  pairs: z.number().int().nonnegative(),
  /** Paired runs (task × repeat × sample) behind those tasks. */
  paired_runs: z.number().int().nonnegative(),
  /** Runs with no partner on the other side, plus runs superseded by a later record of the same key. */
  unpaired_runs_excluded: z.number().int().nonnegative(),
  both_pass: z.number().int().nonnegative(),
  /** b: original passed, candidate failed. */
  original_only: z.number().int().nonnegative(),
  /** c: candidate passed, original failed. */
  candidate_only: z.number().int().nonnegative(),
  both_fail: z.number().int().nonnegative(),
  /**
   * The discordant tasks by id, sorted: `lost` are the b tasks (original passed, candidate
   * failed), `won` the c tasks. Each list holds at most DISCORDANT_LIST_LIMIT ids; `truncated`
   * says a list was cut, and then its length is below original_only / candidate_only.
   */
  discordant: z.object({ lost: z.array(z.string()), won: z.array(z.string()), truncated: z.boolean() }),
  /** Task-level pass rate: paired tasks whose majority of paired repeats passed ÷ paired tasks. */
  original_task_pass_rate: rate,
  original_task_pass_rate_ci: interval,
  candidate_task_pass_rate: rate,
  candidate_task_pass_rate_ci: interval,
  /** Run pass rate: passed ÷ paired runs (each repeat counts once; pass@1), beside the task-level rates above. */
  original_run_pass_rate: rate,
  candidate_run_pass_rate: rate,
  /** candidate − original task pass rate, with Newcombe's hybrid score interval (method 10). */
  delta: z.number().finite(),
  delta_ci: interval,
  mcnemar_p: z.number().finite().min(0).max(1),
  /** p after Holm's correction across suites, when `--holm`; otherwise null. */
  mcnemar_p_holm: z.number().finite().min(0).max(1).nullable(),
  alpha: z.number().finite(),
  /** Non-inferiority margin as a proportion (0.05 = 5 percentage points). */
  margin: z.number().finite(),
  verdict: VerdictSchema,
  verdict_reason: z.string(),
  /** A planning estimate of paired tasks likely to decide an open verdict; null when decided. */
  pairs_needed_estimate: z.number().int().positive().nullable(),
  /** candidate − original per task (mean over its paired runs), with a seeded bootstrap 95% interval over tasks. */
  energy_delta_j: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  cost_delta_usd: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  output_tokens_delta: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  wall_ms_delta: z.object({ mean: z.number().finite(), ci: interval }).nullable(),
  /** One entry per null delta above, saying why (e.g. `not recorded: no paired run of the original has a wall time`). */
  deltas_not_recorded: z.array(z.object({ delta: DeltaNameSchema, reason: z.string() })),
  original_usd_per_pass: z.number().finite().nullable(),
  candidate_usd_per_pass: z.number().finite().nullable(),
  /** The suite's cost on each side: USD summed over the paired runs that carry a cost; null when none does. */
  original_usd_total: z.number().finite().nullable(),
  candidate_usd_total: z.number().finite().nullable(),
  simulated: z.boolean(),
  harness_suspects: DiscordantSuspectsSchema,
});

/** Per original (at one power level) and suite: the cheapest candidate that holds up, or none. */
export const RecommendationSchema = z.object({
  original: z.string(),
  original_power_level: z.string(),
  experiment: z.string(),
  arm: z.string(),
  /** The recommended model, or null when none holds up. */
  candidate: z.string().nullable(),
  /** Its power level (differs from the original's for a `power_level` recommendation); null with no candidate. */
  candidate_power_level: z.string().nullable(),
  verdict: VerdictSchema.nullable(),
  original_usd_per_pass: z.number().finite().nullable(),
  candidate_usd_per_pass: z.number().finite().nullable(),
  message: z.string(),
});

export const ComparisonsSchema = surfaceEnvelope('comparisons', ComparisonRowSchema).extend({
  recommendations: z.array(RecommendationSchema),
});

export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;
export type Verdict = z.infer<typeof VerdictSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type Comparisons = z.infer<typeof ComparisonsSchema>;
