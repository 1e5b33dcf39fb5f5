import { z } from 'zod';

const count = z.number().int().nonnegative();
const rate = z.number().finite().min(0).max(1);
/** A ratio that is null when its inputs were not recorded, measured or answered: never 0 for unknown. */
const measured = z.number().finite().nullable();
/**
 * A sum in fixed integer units (tokens, µs, µJ, 1e-9 score or USD): exact, so pooling and serialising
 * never round it. Not held to the safe-integer range: a sum past 2^53 (a petajoule-scale history,
 * or a hostile record at its bound) loses its last digits, never the export.
 */
export const FixedUnitSumSchema = z.number().finite().nonnegative().refine(Number.isInteger, { message: 'expected a whole number of fixed units' });

/**
 * The additive quantities behind every metric: counts of runs and sums over runs, each over the
 * runs that reported what it sums (the `*_runs` count beside it). Any set of rows pools by adding
 * these field by field; the metric functions of core/metrics/catalogue.ts then give exactly what
 * the exporter gives over the union of their runs. A sum is 0 when no run reported its quantity;
 * the matching count (0) is what makes the metric null ("not recorded"), never the sum.
 * Sums are integers in the unit their name says (`_us` microseconds, `_uj` microjoules, `_nano`
 * 1e-9 of a score or a dollar): the serialiser rounds non-integers to 6 significant digits, which
 * would make pooled values drift; integers pass through it unchanged and add exactly.
 */
export const SumsSchema = z.object({
  /** Every accepted run in the group, answered or not. */
  runs: count,
  /** Runs that failed at transport: the server never answered, so they are not model results. */
  not_answered: count,
  passed: count,
  /** Σ evaluation.score over answered runs. */
  score_nano_sum: FixedUnitSumSchema,
  /** Answered runs with no usable output (failure stage extract, parse or execute). */
  hard_failures: count,
  prompt_tokens_sum: FixedUnitSumSchema,
  prompt_tokens_runs: count,
  output_tokens_sum: FixedUnitSumSchema,
  output_tokens_runs: count,
  /** Runs that reported both output tokens and generation time, and those two sums over them. */
  speed_runs: count,
  speed_output_tokens_sum: FixedUnitSumSchema,
  speed_generation_us_sum: FixedUnitSumSchema,
  wall_us_sum: FixedUnitSumSchema,
  wall_ms_runs: count,
  ttft_us_sum: FixedUnitSumSchema,
  ttft_ms_runs: count,
  /** Runs with valid energy (energy.valid and joules measured), and sums over them. */
  energy_valid_runs: count,
  energy_uj_sum: FixedUnitSumSchema,
  energy_score_nano_sum: FixedUnitSumSchema,
  energy_passed: count,
  /** Valid-energy runs that also reported output tokens, and sums over them. */
  energy_token_runs: count,
  energy_output_tokens_sum: FixedUnitSumSchema,
  energy_token_uj_sum: FixedUnitSumSchema,
  energy_token_score_nano_sum: FixedUnitSumSchema,
  usd_nano_sum: FixedUnitSumSchema,
  priced_runs: count,
  priced_passed: count,
  simulated_runs: count,
});

export type Sums = z.infer<typeof SumsSchema>;

/**
 * The metric block shared by every aggregated surface row (model_rankings, model_task,
 * model_task_tdp, task_rankings): each field is defined once, in core/metrics/catalogue.ts, and
 * documented in docs/metrics.md. Rows carry their Sums beside it (AggregatedSchema below).
 */
export const MetricsSchema = z.object({
  runs: count,
  not_answered: count,
  answered_runs: count,
  passed: count,
  run_pass_rate: rate.nullable(),
  run_pass_rate_ci_low: rate,
  run_pass_rate_ci_high: rate,
  mean_score: rate.nullable(),
  hard_failures: count,
  hard_failure_rate: rate.nullable(),
  not_answered_rate: rate.nullable(),
  mean_prompt_tokens: measured,
  mean_output_tokens: measured,
  tokens_per_s: measured,
  mean_wall_ms: measured,
  /** Quantiles of the group's own runs: not additive, so a pooled set of rows has none. */
  p50_wall_ms: measured,
  p95_wall_ms: measured,
  mean_ttft_ms: measured,
  energy_valid_runs: count,
  mean_joules_per_run: measured,
  joules_per_output_token: measured,
  output_tokens_per_joule: measured,
  joules_per_pass: measured,
  output_tokens_per_pass: measured,
  wall_ms_per_pass: measured,
  score_per_wh: measured,
  score_per_100_output_tokens: measured,
  usd_per_run: measured,
  usd_per_pass: measured,
  simulated_runs: count,
  simulated: z.boolean(),
});

export type Metrics = z.infer<typeof MetricsSchema>;

/** Metrics and the sums they were computed from: the tail of every aggregated surface row. */
export const AggregatedSchema = MetricsSchema.extend(SumsSchema.shape);
export type Aggregated = z.infer<typeof AggregatedSchema>;
