import { describe, expect, it } from 'vitest';
import { wilson } from '../../../core/wilson.ts';
import { formatRank, leaders, pairedLookup, separate, sharedRanks, type PairedRow, type RankInput } from '../../../ui/logic/ranks.ts';

/** A model with `passed` of `n` runs, its interval the catalogue's Wilson interval. */
const model = (name: string, passed: number, n: number): RankInput => ({ model: name, rate: n === 0 ? null : passed / n, ...wilson(passed, n) });
const noPairs = () => null;

describe('shared ranks', () => {
  it('gives a clear winner rank 1 alone and shares ranks where intervals overlap', () => {
    const ranked = sharedRanks([model('c', 10, 100), model('a', 90, 100), model('b', 85, 100)], noPairs);
    expect(ranked.map((entry) => [entry.row.model, formatRank(entry)])).toEqual([
      ['a', '1–2'],
      ['b', '1–2'],
      ['c', '3'],
    ]);
    expect(leaders(ranked).map((entry) => entry.row.model)).toEqual(['a', 'b']);
  });

  it('uses the paired test where comparisons pair the models: p < 0.05 separates overlapping intervals', () => {
    const a = model('a', 84, 100);
    const b = model('b', 78, 100);
    expect(a.low).toBeLessThan(b.high);
    expect(separate(a, b, () => 0.01)).toEqual({ result: 'better', paired: true });
    expect(separate(b, a, () => 0.01)).toEqual({ result: 'worse', paired: true });
    // The paired test also keeps apart-looking intervals together when it finds no difference.
    const far = model('far', 40, 100);
    expect(separate(a, far, () => 0.2)).toEqual({ result: 'same', paired: true });
    const ranked = sharedRanks([a, b], () => 0.01);
    expect(ranked.map(formatRank)).toEqual(['1', '2']);
    expect(ranked[0]!.pairedWith).toBe(1);
  });

  it('is not transitive-greedy: the middle model shares with both neighbours, the ends stay apart', () => {
    const ranked = sharedRanks([model('top', 95, 100), model('mid', 85, 100), model('low', 72, 100)], noPairs);
    expect(ranked.map(formatRank)).toEqual(['1–2', '1–3', '2–3']);
  });

  it('leaves models with no answered run unranked, last', () => {
    const ranked = sharedRanks([model('none', 0, 0), model('one', 1, 2)], noPairs);
    expect(ranked.map((entry) => [entry.row.model, formatRank(entry)])).toEqual([
      ['one', '1'],
      ['none', '—'],
    ]);
  });

  it('ties sort by model name and share a rank', () => {
    expect(sharedRanks([model('b', 5, 10), model('a', 5, 10)], () => 0.01).map((entry) => [entry.row.model, formatRank(entry)])).toEqual([
      ['a', '1–2'],
      ['b', '1–2'],
    ]);
  });
});

describe('pairedLookup', () => {
  const row = (extra: Partial<PairedRow>): PairedRow => ({
    kind: 'model',
    original: 'x',
    candidate: 'y',
    experiment: 's',
    arm: 'plain',
    original_power_level: '100',
    candidate_power_level: '100',
    mcnemar_p: 0.03,
    ...extra,
  });

  it('finds a pair in either order, only at the same suite, arm and power level, and only model comparisons', () => {
    const at = { experiment: 's', arm: 'plain', power: '100' };
    const p = pairedLookup([row({}), row({ original: 'x', candidate: 'z', arm: 'contract' }), row({ kind: 'power_level', original: 'x', candidate: 'x' })], at);
    expect(p('x', 'y')).toBe(0.03);
    expect(p('y', 'x')).toBe(0.03);
    expect(p('x', 'z')).toBeNull();
    expect(pairedLookup([row({ candidate_power_level: '60' })], at)('x', 'y')).toBeNull();
  });
});
