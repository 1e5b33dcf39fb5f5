import { describe, expect, it } from 'vitest';
import { binomialHalfLowerTail, binomialPmf } from '../../../core/paired/binomial.ts';
import { mcnemarExact } from '../../../core/paired/mcnemar.ts';
import { bigRatio, choose, mcnemarBigInt, mcnemarLogFactorial } from '../../exporter/stats/exact-binomial.ts';

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('binomialPmf', () => {
  it('matches exact BigInt probabilities, including p ≠ ½', () => {
    for (const [k, n] of [
      [0, 7],
      [3, 7],
      [7, 7],
      [17, 40],
      [250, 1000],
      [1, 1000],
    ] as const) {
      const exact = bigRatio(choose(n, k), 1n << BigInt(n));
      // exp(x) with |x| ≈ 700 carries ~|x|·ε of relative error: 1e-12 is that floor, not slack.
      expect(relativeError(binomialPmf(k, n, 0.5), exact), `${k}/${n}`).toBeLessThan(1e-12);
    }
    // C(10,3)·0.3³·0.7⁷ = 120 · 27 · 823543 / 10¹⁰
    expect(relativeError(binomialPmf(3, 10, 0.3), (120 * 27 * 823543) / 1e10)).toBeLessThan(1e-13);
  });

  it('sums to one over the support', () => {
    let total = 0;
    for (let k = 0; k <= 301; k++) total += binomialPmf(k, 301, 0.5);
    expect(Math.abs(total - 1)).toBeLessThan(1e-13);
    expect(binomialHalfLowerTail(150, 301)).toBeCloseTo(0.5, 13);
  });
});

describe('mcnemarExact', () => {
  it('reproduces the worked example b = 12, c = 2: 2·(1 + 14 + 91)/2¹⁴', () => {
    expect(mcnemarExact(12, 2)).toBeCloseTo((2 * 106) / 16384, 15);
    expect(mcnemarExact(2, 12)).toBe(mcnemarExact(12, 2));
  });

  it('agrees with exact BigInt arithmetic over every small table', () => {
    let worst = 0;
    for (let b = 0; b <= 60; b++) {
      for (let c = 0; c <= 60; c++) {
        const expected = mcnemarBigInt(b, c);
        worst = Math.max(worst, relativeError(mcnemarExact(b, c), expected));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('agrees with BigInt arithmetic on larger, lopsided tables where p is tiny', () => {
    for (const [b, c] of [
      [900, 100],
      [1200, 1100],
      [2, 950],
      [5, 900],
    ] as const) {
      const expected = mcnemarBigInt(b, c);
      expect(expected).toBeGreaterThan(0);
      expect(relativeError(mcnemarExact(b, c), expected), `${b}/${c}`).toBeLessThan(1e-11);
    }
  });

  it('gives p = 1 with no discordant pairs and when b = c, however large', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(5_000_000, 5_000_000)).toBe(1);
    expect(mcnemarExact(1, 0)).toBe(1);
    // b = 0, c = 5: 2/32, still above 0.05.
    expect(mcnemarExact(0, 5)).toBeCloseTo(0.0625, 15);
    expect(mcnemarExact(0, 6)).toBeCloseTo(0.03125, 15);
  });

  it('is fast and agrees with a log-factorial sum at b + c = 10⁶', () => {
    const started = performance.now();
    const p = mcnemarExact(499_000, 501_000);
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeLessThan(500);
    // Normal approximation (|b−c|−1)/√(b+c) ≈ 2.0 puts p near 0.0455: a sanity band, then the exact check.
    expect(p).toBeGreaterThan(0.04);
    expect(p).toBeLessThan(0.05);
    expect(relativeError(p, mcnemarLogFactorial(499_000, 501_000))).toBeLessThan(1e-6);
  });

  it('handles b + c = 10⁷ quickly, including a tail that underflows to 0', () => {
    const started = performance.now();
    const p = mcnemarExact(4_995_000, 5_005_000);
    expect(performance.now() - started).toBeLessThan(1000);
    // z ≈ 10⁴/√10⁷ ≈ 3.16 → p ≈ 0.0016
    expect(p).toBeGreaterThan(0.001);
    expect(p).toBeLessThan(0.002);
    expect(mcnemarExact(10_000_000, 0)).toBe(0);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 3)).toThrow(RangeError);
  });
});
