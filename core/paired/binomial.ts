/**
 * Binomial probabilities accurate to double precision for very large n, after Loader (2000),
 * "Fast and Accurate Computation of Binomial Probabilities": the pmf is written as a Stirling
 * remainder plus a deviance term, so nothing like lgamma(n) ≈ 10⁸ is ever subtracted from another
 * huge number and the relative error stays near machine epsilon.
 */

const LOG_2PI = Math.log(2 * Math.PI);
const HALF_LOG_2PI = 0.5 * LOG_2PI;

/** log(k!) summed directly: exact to rounding for the small k where Stirling's series is weak. */
function logFactorialSmall(k: number): number {
  let sum = 0;
  for (let i = 2; i <= k; i++) sum += Math.log(i);
  return sum;
}

/** Stirling's remainder: log(n!) − [(n + ½)·log n − n + ½·log 2π], for integer n ≥ 1. */
export function stirlingError(n: number): number {
  if (n <= 15) return logFactorialSmall(n) - ((n + 0.5) * Math.log(n) - n + HALF_LOG_2PI);
  const n2 = n * n;
  // The asymptotic series 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹; at n > 15 the next term is < 1e-17.
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / n2) / n2) / n2) / n2) / n;
}

/** The deviance term x·log(x/m) + m − x, by a series when x ≈ m (where the direct form cancels). */
export function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    const v2 = v * v;
    let sum = (x - m) * v;
    let power = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      power *= v2;
      const next = sum + power / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** P[X = k] for X ~ Binomial(n, p), integer 0 ≤ k ≤ n, 0 < p < 1. */
export function binomialPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (k === 0) return Math.exp(n * Math.log(q));
  if (k === n) return Math.exp(n * Math.log(p));
  const logCore = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - devianceTerm(k, n * p) - devianceTerm(n - k, n * q);
  const logScale = LOG_2PI + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(logCore - 0.5 * logScale);
}

/**
 * P[X ≤ k] for X ~ Binomial(n, ½). Sums downward from k with the ratio P(j−1)/P(j) = j/(n−j+1),
 * stopping once a term no longer changes the sum: for k ≤ n/2 the terms fall off at least as fast
 * as a Gaussian tail, so even n = 10⁷ needs only tens of thousands of terms.
 */
export function binomialHalfLowerTail(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let term = binomialPmf(k, n, 0.5);
  let sum = term;
  for (let j = k; j > 0; j--) {
    term *= j / (n - j + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return Math.min(1, sum);
}
