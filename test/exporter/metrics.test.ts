import { describe, expect, it } from 'vitest';
import { computeMetrics, METRIC_COLUMNS, type Aggregates } from '../../exporter/metrics.ts';
import { MetricsSchema } from '../../schema/surfaces/metrics.ts';

/** A group of `runs` runs with nothing measured; tests add what they need. */
function aggregates(runs: number, extra: Partial<Aggregates> = {}): Aggregates {
  return {
    agg_runs: runs,
    agg_passed: 0,
    agg_score_sum: 0,
    agg_hard_failures: 0,
    agg_prompt_tokens_sum: null,
    agg_prompt_token_runs: 0,
    agg_output_tokens_sum: null,
    agg_output_token_runs: 0,
    agg_generation_output_tokens: null,
    agg_generation_ms: null,
    agg_wall_ms_sum: 0,
    agg_wall_ms_p50: 0,
    agg_wall_ms_p95: 0,
    agg_ttft_ms_sum: null,
    agg_ttft_runs: 0,
    agg_energy_runs: 0,
    agg_energy_joules: null,
    agg_energy_score: null,
    agg_energy_passed: 0,
    agg_energy_output_tokens: null,
    agg_energy_token_joules: null,
    agg_energy_token_score: null,
    agg_usd_sum: null,
    agg_priced_runs: 0,
    agg_priced_passed: 0,
    agg_simulated: 0,
    ...extra,
  };
}

describe('computeMetrics', () => {
  it('without valid energy every energy ratio is null, never 0', () => {
    const metrics = computeMetrics(aggregates(5, { agg_passed: 2, agg_score_sum: 2 }));
    for (const key of ['mean_joules_per_run', 'joules_per_output_token', 'output_tokens_per_joule', 'joules_per_pass', 'score_per_wh', 'score_per_100_output_tokens'] as const) {
      expect(metrics[key], key).toBeNull();
    }
    expect(metrics.energy_valid_runs).toBe(0);
    expect(MetricsSchema.parse(metrics)).toEqual(metrics);
  });

  it('zero joules or zero generation time give null instead of Infinity', () => {
    const metrics = computeMetrics(
      aggregates(2, {
        agg_passed: 1,
        agg_energy_runs: 2,
        agg_energy_joules: 0,
        agg_energy_score: 1,
        agg_energy_passed: 1,
        agg_energy_output_tokens: 40,
        agg_energy_token_joules: 0,
        agg_energy_token_score: 1,
        agg_generation_output_tokens: 40,
        agg_generation_ms: 0,
      }),
    );
    expect(metrics.output_tokens_per_joule).toBeNull();
    expect(metrics.score_per_wh).toBeNull();
    expect(metrics.tokens_per_s).toBeNull();
    expect(metrics.joules_per_output_token).toBe(0);
    expect(metrics.joules_per_pass).toBe(0);
  });

  it('joules per pass is null when no valid-energy run passed', () => {
    const metrics = computeMetrics(aggregates(3, { agg_energy_runs: 3, agg_energy_joules: 30, agg_energy_score: 0, agg_energy_passed: 0 }));
    expect(metrics.mean_joules_per_run).toBe(10);
    expect(metrics.joules_per_pass).toBeNull();
    expect(metrics.score_per_wh).toBe(0);
  });

  it('hard failures, pass rate and the simulated flag', () => {
    const metrics = computeMetrics(aggregates(8, { agg_passed: 6, agg_hard_failures: 1, agg_simulated: 2 }));
    expect(metrics.pass_rate).toBe(6 / 8);
    expect(metrics.hard_failure_rate).toBe(1 / 8);
    expect(metrics).toMatchObject({ simulated: true, simulated_runs: 2 });
    expect(metrics.pass_rate_ci_low).toBeLessThan(0.75);
    expect(metrics.pass_rate_ci_high).toBeGreaterThan(0.75);
  });

  it('every metric has a unit and a description', () => {
    expect(Object.keys(METRIC_COLUMNS).sort()).toEqual(Object.keys(MetricsSchema.shape).sort());
  });
});
