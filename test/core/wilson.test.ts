import { describe, expect, it } from 'vitest';
import { wilson, Z_95 } from '../../core/wilson.ts';

describe('wilson', () => {
  it('reproduces Newcombe (1998, Stat Med 17:857–872) Table I score-method intervals', () => {
    // Published to 4 dp: 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611, 1/29 → 0.0061–0.1718, 29/29 → 0.8830–1.
    const table: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
      [29, 29, 0.883, 1],
    ];
    for (const [x, n, low, high] of table) {
      const ci = wilson(x, n);
      expect(Math.abs(ci.low - low), `${x}/${n} low`).toBeLessThanOrEqual(5e-5);
      expect(Math.abs(ci.high - high), `${x}/${n} high`).toBeLessThanOrEqual(5e-5);
    }
  });

  it('agrees with the closed form solved from the quadratic |p̂ − p| = z√(p(1−p)/n)', () => {
    // Independent route: the two roots of (1 + z²/n)p² − (2p̂ + z²/n)p + p̂² = 0.
    for (const [x, n] of [
      [3, 17],
      [50, 100],
      [999, 1000],
    ] as const) {
      const p = x / n;
      const a = 1 + (Z_95 * Z_95) / n;
      const b = -(2 * p + (Z_95 * Z_95) / n);
      const c = p * p;
      const root = Math.sqrt(b * b - 4 * a * c);
      const ci = wilson(x, n);
      expect(ci.low).toBeCloseTo((-b - root) / (2 * a), 12);
      expect(ci.high).toBeCloseTo((-b + root) / (2 * a), 12);
    }
  });

  it('is the whole of [0, 1] at n = 0 and touches the bounds at 0 and n successes', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilson(0, 40).low).toBe(0);
    expect(wilson(40, 40).high).toBe(1);
    expect(wilson(40, 40).low).toBeLessThan(1);
    expect(Z_95).toBe(1.959963984540054);
  });

  it('is exact at the ends for every n: 0 at no success, 1 at n of n (surfaces once printed 2.77556e-17 and 0.9999999999999999)', () => {
    for (let n = 1; n <= 500; n++) {
      expect(wilson(0, n).low, `0/${n}`).toBe(0);
      expect(wilson(n, n).high, `${n}/${n}`).toBe(1);
      expect(wilson(0, n).high).toBeGreaterThan(0);
      expect(wilson(n, n).low).toBeLessThan(1);
    }
  });
});
