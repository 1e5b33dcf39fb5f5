import { describe, expect, it } from 'vitest';
import { aggregatePassAtK, passAtK, reportedKs } from '../../core/pass-at-k.ts';
import { bigRatio, choose } from '../exporter/stats/exact-binomial.ts';

describe('passAtK', () => {
  it('equals 1 − C(n−c, k)/C(n, k) computed exactly with BigInt', () => {
    for (const [n, c, k] of [
      [10, 3, 1],
      [10, 3, 2],
      [10, 3, 5],
      [20, 1, 10],
      [200, 13, 10],
      [200, 13, 100],
      [50, 0, 5],
    ] as const) {
      const exact = 1 - bigRatio(choose(n - c, k), choose(n, k));
      expect(Math.abs(passAtK(n, c, k) - exact), `${n},${c},${k}`).toBeLessThan(1e-13);
    }
  });

  it('reduces to c/n at k = 1 and is 1 once fewer than k samples failed', () => {
    expect(passAtK(7, 3, 1)).toBeCloseTo(3 / 7, 15);
    expect(passAtK(10, 8, 5)).toBe(1);
    expect(passAtK(10, 10, 1)).toBe(1);
    expect(passAtK(10, 0, 10)).toBe(0);
  });

  it('does not overflow where the binomial coefficients would', () => {
    const value = passAtK(2000, 600, 100);
    expect(value).toBeGreaterThan(0.999999);
    expect(value).toBeLessThanOrEqual(1);
    expect(passAtK(2000, 1, 1000)).toBeCloseTo(0.5, 12);
  });

  it('rejects impossible arguments', () => {
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 2, 6)).toThrow(RangeError);
    expect(() => passAtK(0, 0, 1)).toThrow(RangeError);
  });
});

describe('reportedKs', () => {
  it('lists 1, 2, 5, 10, … up to n', () => {
    expect(reportedKs(1)).toEqual([1]);
    expect(reportedKs(4)).toEqual([1, 2]);
    expect(reportedKs(10)).toEqual([1, 2, 5, 10]);
    expect(reportedKs(100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  });
});

describe('aggregatePassAtK', () => {
  it('means over the tasks with n ≥ k only, and counts them', () => {
    const tasks = [
      { n: 1, c: 1 },
      { n: 3, c: 0 },
      { n: 10, c: 5 },
    ];
    const [at1, at2, at5, at20] = aggregatePassAtK(tasks, [1, 2, 5, 20]);
    expect(at1).toEqual({ k: 1, value: (1 + 0 + 0.5) / 3, tasks: 3 });
    expect(at2!.tasks).toBe(2);
    expect(at2!.value).toBeCloseTo((0 + passAtK(10, 5, 2)) / 2, 15);
    expect(at5).toEqual({ k: 5, value: passAtK(10, 5, 5), tasks: 1 });
    expect(at20).toEqual({ k: 20, value: null, tasks: 0 });
  });
});
