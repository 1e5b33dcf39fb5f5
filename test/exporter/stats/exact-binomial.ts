/**
 * Independent reference arithmetic for the statistics tests: exact binomial sums with BigInt
 * (no floating point until the final division) and a log-factorial table summed directly.
 */

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** num/den as a double, exact to rounding, even when both are thousands of bits long. */
export function bigRatio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = 64 - (bitLength(num) - bitLength(den));
  const quotient = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  return Number(quotient) * 2 ** -shift;
}

/** Exact C(n, k) as a BigInt. */
export function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  const kk = Math.min(k, n - k);
  for (let i = 1; i <= kk; i++) result = (result * BigInt(n - kk + i)) / BigInt(i);
  return result;
}

/** Two-sided exact McNemar p from exact integer arithmetic: min(1, 2·Σ_{k≤min(b,c)} C(n,k) / 2ⁿ). */
export function mcnemarBigInt(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let tail = 0n;
  for (let k = 0; k <= Math.min(b, c); k++) tail += choose(n, k);
  return Math.min(1, bigRatio(2n * tail, 1n << BigInt(n)));
}

/** The same p by a different floating-point route: a cumulative log-factorial table and log-sum-exp over the whole tail. */
export function mcnemarLogFactorial(b: number, c: number): number {
  const n = b + c;
  const logFactorial = new Float64Array(n + 1);
  let compensation = 0;
  for (let i = 2; i <= n; i++) {
    // Kahan summation keeps the table's rounding error near one ulp of log(n!).
    const y = Math.log(i) - compensation;
    const t = logFactorial[i - 1]! + y;
    compensation = t - logFactorial[i - 1]! - y;
    logFactorial[i] = t;
  }
  const m = Math.min(b, c);
  const logTerm = (k: number) => logFactorial[n]! - logFactorial[k]! - logFactorial[n - k]! - n * Math.LN2;
  const top = logTerm(m);
  let sum = 0;
  for (let k = 0; k <= m; k++) sum += Math.exp(logTerm(k) - top);
  return Math.min(1, 2 * Math.exp(top + Math.log(sum)));
}
