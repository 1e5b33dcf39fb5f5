import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../core/paired/holm.ts';

describe('holmAdjust', () => {
  it('adjusts by hand-worked step-down multipliers (as R p.adjust(method = "holm"))', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 × 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[1]).toBeCloseTo(0.06, 15);
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
    expect(adjusted[3]).toBeCloseTo(0.02, 15);
  });

  it('caps at 1, keeps a single p, and handles an empty family', () => {
    expect(holmAdjust([0.4, 0.6])).toEqual([0.8, 0.8]);
    expect(holmAdjust([0.7, 0.9, 0.01])).toEqual([1, 1, 0.03]);
    expect(holmAdjust([0.02])).toEqual([0.02]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('never lowers a p-value and preserves the order of the raw values', () => {
    const raw = [0.001, 0.2, 0.03, 0.03, 0.5, 0.0004];
    const adjusted = holmAdjust(raw);
    for (const [i, p] of raw.entries()) expect(adjusted[i]).toBeGreaterThanOrEqual(p);
    for (let i = 0; i < raw.length; i++) {
      for (let j = 0; j < raw.length; j++) if (raw[i]! < raw[j]!) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]!);
    }
  });
});
