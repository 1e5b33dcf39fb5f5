import { describe, expect, it } from 'vitest';
import { METRICS, QUANTILES } from '../../core/metrics/catalogue.ts';
import { computeMetrics, METRIC_COLUMNS, metricsFromSums } from '../../core/metrics/compute.ts';
import { addSums, emptySums, SUM_FIELDS, type Sums } from '../../core/metrics/sums.ts';
import { MetricsSchema, SumsSchema } from '../../schema/surfaces/metrics.ts';

/** A group of `runs` runs with nothing measured; tests add what they need. */
const sums = (runs: number, extra: Partial<Sums> = {}): Sums => ({ ...emptySums(), runs, ...extra });
const NO_QUANTILES = { p50_wall_ms: null, p95_wall_ms: null };

describe('metric catalogue', () => {
  it('defines every field of MetricsSchema once, and nothing else', () => {
    const names = [...METRICS, ...QUANTILES].map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(MetricsSchema.shape).sort());
    for (const m of [...METRICS, ...QUANTILES]) {
      expect(m.label.length, m.name).toBeGreaterThan(0);
      expect(m.unit.length, m.name).toBeGreaterThan(0);
      expect(m.description.length, m.name).toBeGreaterThan(10);
    }
  });

  it('gives per-run and task-level pass rates different names (only the run pass rate is a catalogue metric)', () => {
    expect(METRICS.map((m) => m.name)).toContain('run_pass_rate');
    expect(METRICS.map((m) => m.name)).not.toContain('pass_rate');
    expect(METRICS.find((m) => m.name === 'run_pass_rate')!.description).toMatch(/per run/);
  });

  it('describes every column of a surface row: metrics and sums', () => {
    expect(Object.keys(METRIC_COLUMNS).sort()).toEqual([...new Set([...Object.keys(MetricsSchema.shape), ...SUM_FIELDS])].sort());
  });
});

describe('metricsFromSums', () => {
  it('without valid energy every energy ratio is null, never 0', () => {
    const metrics = computeMetrics(sums(5, { passed: 2, score_nano_sum: 2e9 }), NO_QUANTILES);
    for (const key of [
      'mean_joules_per_run',
      'joules_per_output_token',
      'output_tokens_per_joule',
      'joules_per_pass',
      'score_per_wh',
      'score_per_100_output_tokens',
    ] as const) {
      expect(metrics[key], key).toBeNull();
    }
    expect(MetricsSchema.parse(metrics)).toEqual(metrics);
  });

  it('a quantity no run reported is null ("not recorded"), never 0', () => {
    const metrics = metricsFromSums(sums(4));
    for (const key of ['mean_prompt_tokens', 'mean_output_tokens', 'tokens_per_s', 'mean_wall_ms', 'mean_ttft_ms', 'usd_per_run'] as const)
      expect(metrics[key], key).toBeNull();
    expect(metricsFromSums(sums(4, { wall_us_sum: 3_000_000, wall_ms_runs: 2 })).mean_wall_ms).toBe(1500);
  });

  it('zero joules or zero generation time give null instead of Infinity', () => {
    const metrics = metricsFromSums(
      sums(2, {
        passed: 1,
        energy_valid_runs: 2,
        energy_score_nano_sum: 1e9,
        energy_passed: 1,
        energy_token_runs: 2,
        energy_output_tokens_sum: 40,
        energy_token_score_nano_sum: 1e9,
        speed_runs: 2,
        speed_output_tokens_sum: 40,
      }),
    );
    expect(metrics.output_tokens_per_joule).toBeNull();
    expect(metrics.score_per_wh).toBeNull();
    expect(metrics.tokens_per_s).toBeNull();
    expect(metrics.joules_per_output_token).toBe(0);
    expect(metrics.joules_per_pass).toBe(0);
  });

  it('leaves transport failures out of every pass-rate denominator and counts them as not answered', () => {
    const metrics = metricsFromSums(sums(10, { not_answered: 4, passed: 3, hard_failures: 1, score_nano_sum: 3.5e9 }));
    expect(metrics.answered_runs).toBe(6);
    expect(metrics.run_pass_rate).toBe(3 / 6);
    expect(metrics.hard_failure_rate).toBe(1 / 6);
    expect(metrics.mean_score).toBeCloseTo(3.5 / 6, 15);
    expect(metrics.not_answered_rate).toBe(0.4);
    const outage = metricsFromSums(sums(5, { not_answered: 5 }));
    expect(outage.run_pass_rate).toBeNull();
    expect(outage.run_pass_rate_ci_low).toBe(0);
    expect(outage.run_pass_rate_ci_high).toBe(1);
  });

  it('Wilson ends of the run pass rate are exact at 0 and at n of n', () => {
    expect(metricsFromSums(sums(6)).run_pass_rate_ci_low).toBe(0);
    expect(metricsFromSums(sums(25, { passed: 25 })).run_pass_rate_ci_high).toBe(1);
  });

  it('pooling sums then computing equals computing over the union: tokens/s is Σ tokens ÷ Σ seconds', () => {
    const a = sums(1, { speed_runs: 1, speed_output_tokens_sum: 100, speed_generation_us_sum: 10e6 });
    const b = sums(3, { speed_runs: 3, speed_output_tokens_sum: 300, speed_generation_us_sum: 10e6 });
    expect(metricsFromSums(addSums([a, b])).tokens_per_s).toBe(20);
    expect(SumsSchema.parse(addSums([a, b]))).toEqual(addSums([a, b]));
  });

  it('per-pass tokens and time are Σ ÷ passed runs at full coverage, null when nothing passed or was recorded', () => {
    const full = metricsFromSums(sums(4, { passed: 2, output_tokens_sum: 400, output_tokens_runs: 4, wall_us_sum: 8_000_000, wall_ms_runs: 4 }));
    expect(full.output_tokens_per_pass).toBe(200);
    expect(full.wall_ms_per_pass).toBe(4000);
    // Two of four runs report tokens (mean 50): the other two count at that mean, not as 0.
    expect(metricsFromSums(sums(4, { passed: 1, output_tokens_sum: 100, output_tokens_runs: 2 })).output_tokens_per_pass).toBe(200);
    // An outage is not an answer: it neither costs tokens nor counts in the denominator.
    expect(metricsFromSums(sums(5, { not_answered: 1, passed: 2, output_tokens_sum: 400, output_tokens_runs: 4 })).output_tokens_per_pass).toBe(200);
    expect(metricsFromSums(sums(4, { output_tokens_sum: 400, output_tokens_runs: 4 })).output_tokens_per_pass).toBeNull();
    expect(metricsFromSums(sums(4, { passed: 2 })).wall_ms_per_pass).toBeNull();
  });
});
