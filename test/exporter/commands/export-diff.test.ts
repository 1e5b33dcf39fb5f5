import { describe, expect, it } from 'vitest';
import { describeMove, diffRankings } from '../../../exporter/commands/export-diff.ts';
import { independentDifferenceCi } from '../../../exporter/stats/two-proportion.ts';

const row = (model: string, passed: number, runs: number, experiment = 'math') => ({
  model,
  backend: 'ollama' as const,
  experiment,
  arm: 'plain',
  power_level: 'default',
  passed,
  runs,
});

describe('diffRankings', () => {
  it('classifies each row by the independent-proportions interval of new − old', () => {
    const moves = diffRankings(
      [row('a', 90, 100), row('b', 50, 100), row('c', 10, 100), row('d', 5, 10), row('gone', 1, 1)],
      [row('a', 60, 100), row('b', 52, 100), row('c', 40, 100), row('d', 5, 10), row('new', 3, 4)],
    );
    expect(moves.map((m) => [m.key, m.movement])).toEqual([
      ['a math/plain @default', 'regressed'],
      ['b math/plain @default', 'changed'],
      ['c math/plain @default', 'improved'],
      ['d math/plain @default', 'unchanged'],
      ['gone math/plain @default', 'removed'],
      ['new math/plain @default', 'added'],
    ]);
    expect(moves[0]!.deltaCi).toEqual(independentDifferenceCi(60, 100, 90, 100));
    expect(moves[0]!.delta).toBeCloseTo(-0.3, 12);
  });

  it('describes a move with both rates, counts and the interval', () => {
    const [move] = diffRankings([row('a', 90, 100)], [row('a', 60, 100)]);
    expect(describeMove(move!)).toMatch(/^REGRESSED  a math\/plain @default: 90\.0% \(90\/100\) → 60\.0% \(60\/100\), Δ -30\.0 points \(95% CI -\d+\.\d to -\d+\.\d\)$/);
  });
});
