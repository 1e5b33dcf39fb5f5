import { z } from 'zod';

const count = z.number().int().nonnegative();
const rate = z.number().finite().min(0).max(1);
/** A ratio that is null when its inputs were not measured (energy) or empty (no runs): never 0 for unknown. */
const measured = z.number().finite().nullable();

/**
 * The metric block shared by every aggregated surface row (model_rankings, model_task,
 * model_task_tdp, task_rankings). Each field is defined once in exporter/metrics.ts and
 * docs/metrics.md.
 */
export const MetricsSchema = z.object({
  runs: count,
  passed: count,
  pass_rate: rate,
  pass_rate_ci_low: rate,
  pass_rate_ci_high: rate,
  mean_score: rate,
  hard_failures: count,
  hard_failure_rate: rate,
  mean_prompt_tokens: measured,
  mean_output_tokens: measured,
  tokens_per_s: measured,
  mean_wall_ms: measured,
  p50_wall_ms: measured,
  p95_wall_ms: measured,
  mean_ttft_ms: measured,
  energy_valid_runs: count,
  mean_joules_per_run: measured,
  joules_per_output_token: measured,
  output_tokens_per_joule: measured,
  joules_per_pass: measured,
  score_per_wh: measured,
  score_per_100_output_tokens: measured,
  usd_per_run: measured,
  usd_per_pass: measured,
  /** Runs in this row that came from the simulator. */
  simulated_runs: count,
  simulated: z.boolean(),
});

export type Metrics = z.infer<typeof MetricsSchema>;
