import { describe, expect, it } from 'vitest';
import { cohenKappa } from '../../core/kappa.ts';

/** `count` copies of the pair [a, b]. */
const cell = (a: boolean, b: boolean, count: number) => Array.from({ length: count }, () => [a, b] as const);

describe('cohenKappa', () => {
  it("reproduces Fleiss & Paik's worked 2×2 example as statpsych ci.kappa(.05, 31, 12, 4, 58) prints it", () => {
    // f00 = 31, f01 = 12, f10 = 4, f11 = 58 → kappa 0.6756757, SE 0.07344761, 95% CI 0.5317210–0.8196303.
    const pairs = [...cell(false, false, 31), ...cell(false, true, 12), ...cell(true, false, 4), ...cell(true, true, 58)];
    const result = cohenKappa(pairs);
    expect(result.n).toBe(105);
    expect(result.kappa!).toBeCloseTo(0.6756757, 6);
    expect(result.standard_error!).toBeCloseTo(0.07344761, 6);
    expect(result.interval!.low).toBeCloseTo(0.531721, 5);
    expect(result.interval!.high).toBeCloseTo(0.8196303, 5);
  });

  it("gives Cohen's textbook 0.4 for 20/5/10/15 (observed 0.7, chance 0.5)", () => {
    const pairs = [...cell(true, true, 20), ...cell(true, false, 5), ...cell(false, true, 10), ...cell(false, false, 15)];
    const result = cohenKappa(pairs);
    expect(result.observed).toBeCloseTo(0.7, 12);
    expect(result.expected).toBeCloseTo(0.5, 12);
    expect(result.kappa!).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement and negative for systematic disagreement', () => {
    expect(cohenKappa([...cell(true, true, 5), ...cell(false, false, 5)]).kappa).toBe(1);
    expect(cohenKappa([...cell(true, false, 5), ...cell(false, true, 5)]).kappa).toBe(-1);
  });

  it('is undefined with no items or when both raters give one label only', () => {
    expect(cohenKappa([]).kappa).toBeNull();
    const constant = cohenKappa(cell(true, true, 8));
    expect(constant.kappa).toBeNull();
    expect(constant.observed).toBe(1);
  });

  it('keeps the interval inside [−1, 1]', () => {
    const result = cohenKappa([...cell(true, true, 2), ...cell(false, false, 1)]);
    expect(result.interval!.high).toBeLessThanOrEqual(1);
    expect(result.interval!.low).toBeGreaterThanOrEqual(-1);
  });
});
