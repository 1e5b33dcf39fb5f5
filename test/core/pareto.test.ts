import { describe, expect, it } from 'vitest';
import { dominates, frontierFlags, frontierPath } from '../../core/pareto.ts';

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

describe('frontierPath', () => {
  it('runs from the cheapest frontier point to the dearest and leaves dominated points out', () => {
    const path = frontierPath([
      { x: 10, y: 0.9, id: 'top' },
      { x: 12, y: 0.8, id: 'dominated' },
      { x: 5, y: 0.5, id: 'cheap' },
      { x: 5, y: 0.5, id: 'tie' },
    ]);
    expect(path.map((p) => p.id)).toEqual(['cheap', 'tie', 'top']);
  });

  it('a point equal in cost but better in rate dominates, so no vertical segment goes backwards', () => {
    expect(dominates({ x: 5, y: 0.6 }, { x: 5, y: 0.5 })).toBe(true);
    expect(dominates({ x: 5, y: 0.5 }, { x: 5, y: 0.5 })).toBe(false);
  });
});
