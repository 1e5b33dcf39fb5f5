import { describe, expect, it } from 'vitest';
import { frontierFlags } from '../../exporter/pareto.ts';

describe('frontierFlags', () => {
  it('keeps points nothing beats on both axes', () => {
    // (x cost, y pass rate): b is cheaper than a but worse; c is worse than a on both; d ties a.
    const points = [
      { x: 10, y: 0.9 },
      { x: 5, y: 0.5 },
      { x: 12, y: 0.8 },
      { x: 10, y: 0.9 },
    ];
    expect(frontierFlags(points)).toEqual([true, true, false, true]);
  });

  it('a point equal on one axis and worse on the other is dominated', () => {
    expect(
      frontierFlags([
        { x: 5, y: 0.5 },
        { x: 5, y: 0.6 },
        { x: 4, y: 0.6 },
      ]),
    ).toEqual([false, false, true]);
  });

  it('a lone point is on its frontier', () => {
    expect(frontierFlags([{ x: 1, y: 0 }])).toEqual([true]);
  });
});
