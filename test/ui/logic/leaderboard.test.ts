import { describe, expect, it } from 'vitest';
import { emptySums, type Sums } from '../../../core/metrics/sums.ts';
import { metricsFromSums } from '../../../core/metrics/compute.ts';
import { chooseLeaderboard, leaderboardRows, powersOf } from '../../../ui/logic/leaderboard.ts';
import { formatRank } from '../../../ui/logic/ranks.ts';
import type { ModelRankingRow } from '../../../schema/surfaces/model-rankings.ts';

/** A model_rankings row with `passed` of `runs`; its metrics are the catalogue's over its sums. */
function row(model: string, key: Partial<ModelRankingRow>, passed: number, runs: number, extra: Partial<Sums> = {}): ModelRankingRow {
  const sums: Sums = { ...emptySums(), runs, passed, ...extra };
  return {
    model,
    backend: 'ollama',
    model_family: model,
    experiment: 'arith',
    arm: 'plain',
    power_level: '100',
    applied_w: 300,
    gpu: 'gpu-a',
    ...sums,
    ...metricsFromSums(sums),
    p50_wall_ms: null,
    p95_wall_ms: null,
    rank: 1,
    ...key,
  };
}

describe('the leaderboard choice', () => {
  const rows = [
    row('a', { power_level: '60', applied_w: 180 }, 1, 2),
    row('a', { power_level: '100', applied_w: 300 }, 1, 2),
    row('a', { arm: 'contract' }, 1, 2),
    row('b', { experiment: 'codegen', arm: 'contract', power_level: '250w', applied_w: 250 }, 1, 2),
    row('b', { experiment: 'codegen', arm: 'contract', power_level: '80', applied_w: 240 }, 1, 2),
  ];

  it('defaults to the first suite, the plain arm and the highest power level measured, and says so', () => {
    expect(chooseLeaderboard(rows, {})).toEqual({ experiment: 'arith', arm: 'plain', power: '100', armDefaulted: true, powerDefaulted: true });
    expect(chooseLeaderboard(rows, { experiment: 'codegen' })).toEqual({
      experiment: 'codegen',
      arm: 'contract',
      power: '250w',
      armDefaulted: true,
      powerDefaulted: true,
    });
    expect(chooseLeaderboard(rows, { arm: 'plain', power: '60' })).toMatchObject({ power: '60', armDefaulted: false, powerDefaulted: false });
    // A level the suite never ran falls back to the default rather than an empty board.
    expect(chooseLeaderboard(rows, { power: '41' })).toMatchObject({ power: '100', powerDefaulted: true });
    expect(chooseLeaderboard([], {})).toBeNull();
  });

  it('orders power levels by the limit applied, no limit first', () => {
    expect(powersOf([...rows, row('a', { power_level: 'default', applied_w: null }, 0, 1)], 'arith', 'plain')).toEqual(['default', '100', '60']);
    expect(powersOf(rows, 'codegen', 'contract')).toEqual(['250w', '80']);
  });
});

describe('leaderboard rows', () => {
  it('pools a model across GPUs by adding sums, then ranks by run pass rate', () => {
    const rows = [
      row('a', { gpu: 'gpu-a' }, 90, 100, { energy_valid_runs: 100, energy_passed: 90, energy_uj_sum: 900e6 }),
      row('a', { gpu: 'gpu-b' }, 0, 100, { energy_valid_runs: 100, energy_passed: 0, energy_uj_sum: 100e6 }),
      row('b', {}, 150, 200),
      row('c', { arm: 'contract' }, 200, 200),
    ];
    const ranked = leaderboardRows(rows, { experiment: 'arith', arm: 'plain', power: '100' }, () => null);
    expect(ranked.map((entry) => [entry.row.model, entry.row.rate, formatRank(entry)])).toEqual([
      ['b', 0.75, '1'],
      ['a', 0.45, '2'],
    ]);
    // 1000 J over 90 passes, not the mean of the two GPUs' per-pass energies.
    expect(ranked[1]!.row.joules_per_pass).toBeCloseTo(1000 / 90, 12);
  });
});
