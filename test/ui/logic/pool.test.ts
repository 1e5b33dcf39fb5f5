import { describe, expect, it } from 'vitest';
import { emptySums, type Sums } from '../../../core/metrics/sums.ts';
import { poolBy, poolRows, powerCurve } from '../../../ui/logic/pool.ts';

const row = (extra: Partial<Sums>): Sums => ({ ...emptySums(), ...extra });

describe('poolRows', () => {
  it('pools the run pass rate as a ratio of sums over answered runs, not a mean of rates', () => {
    // Means of means would give (1.0 + 0.0) / 2 = 0.5; the 10-run task weighs ten times the 1-run one.
    const pooled = poolRows([row({ runs: 1, passed: 1 }), row({ runs: 12, not_answered: 2 })]);
    expect(pooled.run_pass_rate).toBe(1 / 11);
    expect(pooled.runs).toBe(13);
    expect(pooled.not_answered).toBe(2);
  });

  it('pools energy over valid runs only and joules per token from the summed joules and tokens', () => {
    const pooled = poolRows([
      row({ runs: 2, energy_valid_runs: 2, energy_uj_sum: 200e6, energy_token_runs: 2, energy_token_uj_sum: 200e6, energy_output_tokens_sum: 100 }),
      row({ runs: 4, energy_valid_runs: 1, energy_uj_sum: 400e6, energy_token_runs: 1, energy_token_uj_sum: 400e6, energy_output_tokens_sum: 400 }),
    ]);
    expect(pooled.mean_joules_per_run).toBe(600 / 3);
    expect(pooled.joules_per_output_token).toBe(600 / 500);
    expect(pooled.energy_valid_runs).toBe(3);
  });

  it('pools tokens/s as total tokens over total generation time, whatever the rows without timing say', () => {
    // 100 tokens in 10 s and 300 tokens in 10 s: 400 tokens in 20 s. A third row reports tokens but no time.
    const pooled = poolRows([
      row({ runs: 1, speed_runs: 1, speed_output_tokens_sum: 100, speed_generation_us_sum: 10e6, output_tokens_runs: 1, output_tokens_sum: 100 }),
      row({ runs: 3, speed_runs: 3, speed_output_tokens_sum: 300, speed_generation_us_sum: 10e6, output_tokens_runs: 3, output_tokens_sum: 300 }),
      row({ runs: 2, output_tokens_runs: 2, output_tokens_sum: 1000 }),
    ]);
    expect(pooled.tokens_per_s).toBe(20);
    expect(pooled.mean_output_tokens).toBe(1400 / 6);
  });

  it('leaves what no run reported null, never 0', () => {
    const pooled = poolRows([row({ runs: 3, passed: 3 })]);
    for (const key of ['mean_joules_per_run', 'joules_per_output_token', 'tokens_per_s', 'mean_wall_ms', 'usd_per_run'] as const)
      expect(pooled[key], key).toBeNull();
    expect(poolRows([]).runs).toBe(0);
  });
});

describe('poolBy', () => {
  it('groups by key columns, ordered by the keys', () => {
    const groups = poolBy(
      [
        { ...row({ runs: 2, passed: 1 }), model: 'b' },
        { ...row({ runs: 2, passed: 2 }), model: 'a' },
        { ...row({ runs: 4, passed: 0 }), model: 'b' },
      ],
      ['model'],
    );
    expect(groups.map((g) => [g.model, g.runs, g.passed, g.run_pass_rate])).toEqual([
      ['a', 2, 2, 1],
      ['b', 6, 1, 1 / 6],
    ]);
  });
});

describe('powerCurve', () => {
  it('groups per model and applied watts, sorted, and drops rows without a limit', () => {
    const points = powerCurve([
      { ...row({ runs: 2, passed: 2 }), model: 'b', applied_w: 300 },
      { ...row({ runs: 2, passed: 0 }), model: 'a', applied_w: 300 },
      { ...row({ runs: 2, passed: 1 }), model: 'a', applied_w: 180 },
      { ...row({ runs: 6, passed: 6 }), model: 'a', applied_w: 180 },
      { ...row({ runs: 5, passed: 5 }), model: 'a', applied_w: null },
    ]);
    expect(points.map((p) => [p.model, p.applied_w, p.runs, p.passed])).toEqual([
      ['a', 180, 8, 7],
      ['a', 300, 2, 0],
      ['b', 300, 2, 2],
    ]);
    expect(points[0]!.run_pass_rate).toBe(7 / 8);
  });
});
