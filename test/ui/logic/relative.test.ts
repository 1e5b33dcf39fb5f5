import { describe, expect, it } from 'vitest';
import { relativeColumns, relativeReference } from '../../../ui/logic/relative.ts';

const row = (run_pass_rate: number, mean_output_tokens: number | null, score_per_wh: number | null) => ({ run_pass_rate, mean_output_tokens, score_per_wh });

describe('vs best visible row', () => {
  it('divides by the leanest row that passes at least once', () => {
    // The 50-token row never passes, so the 100-token row is the reference.
    const rows = [row(0.8, 200, 10), row(0.5, 100, 20), row(0, 50, 0)];
    expect(relativeReference(rows)).toEqual({ leanestTokens: 100, bestScorePerWh: 20 });
    const ratios = relativeColumns(rows);
    expect(ratios.map((r) => r.token_waste)).toEqual([2, 1, 0.5]);
    expect(ratios.map((r) => r.energy_gap)).toEqual([2, 1, null]);
  });

  it('changes when the visible rows change', () => {
    const all = [row(0.8, 200, 10), row(0.5, 100, 20)];
    expect(relativeColumns(all.slice(0, 1))[0]).toEqual({ token_waste: 1, energy_gap: 1 });
    expect(relativeColumns(all)[0]).toEqual({ token_waste: 2, energy_gap: 2 });
  });

  it('gives null where energy was not measured or no reference exists', () => {
    const ratios = relativeColumns([row(0.9, null, null), row(0, 100, null)]);
    expect(ratios).toEqual([
      { token_waste: null, energy_gap: null },
      { token_waste: null, energy_gap: null },
    ]);
  });
});
