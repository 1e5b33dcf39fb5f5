import { z } from 'zod';
import type { Column } from '../schema/surfaces/envelope.ts';
import type { Metrics } from '../schema/surfaces/metrics.ts';
import { wilson } from './stats/wilson.ts';

const count = z.number().int().nonnegative();
const sum = z.number().nullable();

/**
 * The raw sums and counts one group of runs yields (exporter/sql/metric_aggregates.sql). Validated
 * on the way in, so a renamed SQL alias fails loudly instead of turning a metric into null.
 */
export const AggregatesSchema = z.object({
  agg_runs: count,
  agg_passed: count,
  agg_score_sum: sum,
  agg_hard_failures: count,
  agg_prompt_tokens_sum: sum,
  agg_prompt_token_runs: count,
  agg_output_tokens_sum: sum,
  agg_output_token_runs: count,
  agg_generation_output_tokens: sum,
  agg_generation_ms: sum,
  agg_wall_ms_sum: sum,
  agg_wall_ms_p50: sum,
  agg_wall_ms_p95: sum,
  agg_ttft_ms_sum: sum,
  agg_ttft_runs: count,
  agg_energy_runs: count,
  agg_energy_joules: sum,
  agg_energy_score: sum,
  agg_energy_passed: count,
  agg_energy_output_tokens: sum,
  agg_energy_token_joules: sum,
  agg_energy_token_score: sum,
  agg_usd_sum: sum,
  agg_priced_runs: count,
  agg_priced_passed: count,
  agg_simulated: count,
});

export type Aggregates = z.infer<typeof AggregatesSchema>;

/** a ÷ b, or null when either is unknown or b is 0: a missing measurement is never reported as 0. */
function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : null;
}

const WH = 3600;

/** The one place every metric is computed (definitions: docs/metrics.md). Pure. */
export function computeMetrics(a: Aggregates): Metrics {
  const ci = wilson(a.agg_passed, a.agg_runs);
  return {
    runs: a.agg_runs,
    passed: a.agg_passed,
    pass_rate: ratio(a.agg_passed, a.agg_runs) ?? 0,
    pass_rate_ci_low: ci.low,
    pass_rate_ci_high: ci.high,
    mean_score: clampUnit(ratio(a.agg_score_sum, a.agg_runs) ?? 0),
    hard_failures: a.agg_hard_failures,
    hard_failure_rate: ratio(a.agg_hard_failures, a.agg_runs) ?? 0,
    mean_prompt_tokens: ratio(a.agg_prompt_tokens_sum, a.agg_prompt_token_runs),
    mean_output_tokens: ratio(a.agg_output_tokens_sum, a.agg_output_token_runs),
    tokens_per_s: ratio(a.agg_generation_output_tokens, a.agg_generation_ms === null ? null : a.agg_generation_ms / 1000),
    mean_wall_ms: ratio(a.agg_wall_ms_sum, a.agg_runs),
    p50_wall_ms: a.agg_runs === 0 ? null : a.agg_wall_ms_p50,
    p95_wall_ms: a.agg_runs === 0 ? null : a.agg_wall_ms_p95,
    mean_ttft_ms: ratio(a.agg_ttft_ms_sum, a.agg_ttft_runs),
    energy_valid_runs: a.agg_energy_runs,
    mean_joules_per_run: ratio(a.agg_energy_joules, a.agg_energy_runs),
    joules_per_output_token: ratio(a.agg_energy_token_joules, a.agg_energy_output_tokens),
    output_tokens_per_joule: ratio(a.agg_energy_output_tokens, a.agg_energy_token_joules),
    joules_per_pass: ratio(a.agg_energy_joules, a.agg_energy_passed),
    score_per_wh: ratio(a.agg_energy_score, a.agg_energy_joules === null ? null : a.agg_energy_joules / WH),
    score_per_100_output_tokens: scaled(ratio(a.agg_energy_token_score, a.agg_energy_output_tokens), 100),
    usd_per_run: ratio(a.agg_usd_sum, a.agg_priced_runs),
    usd_per_pass: ratio(a.agg_usd_sum, a.agg_priced_passed),
    simulated_runs: a.agg_simulated,
    simulated: a.agg_simulated > 0,
  };
}

/** Splits a SQL row into its group columns and its metric block. */
export function splitAggregates(row: Record<string, unknown>): { keys: Record<string, unknown>; metrics: Metrics } {
  const keys: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) if (!name.startsWith('agg_')) keys[name] = value;
  return { keys, metrics: computeMetrics(AggregatesSchema.parse(row)) };
}

function scaled(value: number | null, factor: number): number | null {
  return value === null ? null : value * factor;
}

// DECIMAL sums of scores in [0, 1] can land a hair outside after the final division.
function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Unit and meaning of every metric column, shared by every surface's `columns` map. */
export const METRIC_COLUMNS: Record<keyof Metrics, Column> = {
  runs: { unit: 'runs', description: 'accepted run records in the group' },
  passed: { unit: 'runs', description: 'runs whose evaluation.passed is true' },
  pass_rate: { unit: 'fraction', description: 'passed ÷ runs' },
  pass_rate_ci_low: { unit: 'fraction', description: 'Wilson 95% interval, lower bound, of pass_rate' },
  pass_rate_ci_high: { unit: 'fraction', description: 'Wilson 95% interval, upper bound, of pass_rate' },
  mean_score: { unit: 'score 0..1', description: 'mean evaluation.score over all runs' },
  hard_failures: { unit: 'runs', description: 'runs with no usable output (failure stage transport, extract, parse or execute)' },
  hard_failure_rate: { unit: 'fraction', description: 'hard_failures ÷ runs' },
  mean_prompt_tokens: { unit: 'tokens/run', description: 'mean prompt tokens over runs that report them' },
  mean_output_tokens: { unit: 'tokens/run', description: 'mean output tokens over runs that report them' },
  tokens_per_s: { unit: 'tokens/s', description: 'output tokens ÷ generation seconds, over runs with both' },
  mean_wall_ms: { unit: 'ms', description: 'mean wall-clock time per run' },
  p50_wall_ms: { unit: 'ms', description: 'median wall-clock time (linear interpolation)' },
  p95_wall_ms: { unit: 'ms', description: '95th percentile wall-clock time (linear interpolation)' },
  mean_ttft_ms: { unit: 'ms', description: 'mean time to first token over runs that report it' },
  energy_valid_runs: { unit: 'runs', description: 'runs with valid energy (energy.valid and joules measured)' },
  mean_joules_per_run: { unit: 'J/run', description: 'mean joules per run, valid energy only' },
  joules_per_output_token: { unit: 'J/token', description: 'joules ÷ output tokens, valid-energy runs with token counts' },
  output_tokens_per_joule: { unit: 'tokens/J', description: 'output tokens ÷ joules, valid-energy runs with token counts' },
  joules_per_pass: { unit: 'J/pass', description: 'joules ÷ passed runs, valid-energy runs only' },
  score_per_wh: { unit: 'score/Wh', description: 'summed score ÷ watt-hours, valid-energy runs only' },
  score_per_100_output_tokens: {
    unit: 'score/100 tokens',
    description: 'summed score ÷ output tokens × 100, valid-energy runs with token counts',
  },
  usd_per_run: { unit: 'USD/run', description: 'mean cost over runs with a price' },
  usd_per_pass: { unit: 'USD/pass', description: 'cost ÷ passed runs, over runs with a price' },
  simulated_runs: { unit: 'runs', description: 'runs produced by the simulator' },
  simulated: { unit: 'boolean', description: 'true when any run in the group is simulated' },
};
