import { describe, expect, it } from 'vitest';
import { poolRows, powerCurve, type PoolableRow } from '../../../ui/logic/pool.ts';

function row(partial: Partial<PoolableRow> & { runs: number; passed: number }): PoolableRow {
  return { mean_output_tokens: null, tokens_per_s: null, energy_valid_runs: 0, mean_joules_per_run: null, joules_per_output_token: null, simulated: false, ...partial };
}

describe('poolRows', () => {
  it('pools pass rate as a ratio of sums, not a mean of rates', () => {
    // Means of means would give (1.0 + 0.0) / 2 = 0.5; the 10-run task weighs ten times the 1-run one.
    const pooled = poolRows([row({ runs: 1, passed: 1 }), row({ runs: 10, passed: 0 })]);
    expect(pooled.pass_rate).toBeCloseTo(1 / 11, 12);
    expect(pooled.runs).toBe(11);
  });

  it('pools energy over valid runs only and rebuilds joules per token from totals', () => {
    const pooled = poolRows([
      row({ runs: 2, passed: 1, energy_valid_runs: 2, mean_joules_per_run: 100, joules_per_output_token: 2 }), // 200 J, 100 tokens
      row({ runs: 4, passed: 2, energy_valid_runs: 1, mean_joules_per_run: 400, joules_per_output_token: 1 }), // 400 J, 400 tokens
    ]);
    expect(pooled.joules_per_run).toBeCloseTo(600 / 3, 12);
    expect(pooled.joules_per_output_token).toBeCloseTo(600 / 500, 12);
    expect(pooled.energy_valid_runs).toBe(3);
  });

  it('pools tokens/s as total tokens over total generation time', () => {
    // 100 tokens at 10/s (10 s) and 300 tokens at 30/s (10 s): 400 tokens in 20 s.
    const pooled = poolRows([row({ runs: 1, passed: 0, mean_output_tokens: 100, tokens_per_s: 10 }), row({ runs: 3, passed: 0, mean_output_tokens: 100, tokens_per_s: 30 })]);
    expect(pooled.tokens_per_s).toBeCloseTo(20, 12);
  });

  it('leaves unmeasured energy null, never 0', () => {
    const pooled = poolRows([row({ runs: 3, passed: 3 })]);
    expect(pooled.joules_per_run).toBeNull();
    expect(pooled.joules_per_output_token).toBeNull();
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
    expect(points[0]!.pass_rate).toBeCloseTo(7 / 8, 12);
  });
});
