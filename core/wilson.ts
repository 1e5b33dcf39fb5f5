/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the Wald interval it
 * stays inside [0, 1] and is usable at n = 0 (the whole of [0, 1]) and at 0 or n successes.
 * At 0 successes the lower bound is exactly 0 and at n of n the upper bound exactly 1: the
 * closed form gives those ends only up to rounding (2.8e-17, 0.9999999999999999).
 */
export function wilson(successes: number, n: number, z = Z_95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}
