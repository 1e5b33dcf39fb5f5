import { binomialHalfLowerTail } from './binomial.ts';

/**
 * McNemar's exact test, two-sided, on the discordant pair counts of a paired 2×2 table
 * (b: first passed and second failed; c: the reverse). Under H0 each discordant pair is a fair
 * coin, so p = min(1, 2·P[X ≤ min(b, c)]) with X ~ Binomial(b + c, ½). No discordant pairs → 1.
 * Exact to double precision for b + c up to 10⁷ and beyond (see binomial.ts); never rounded.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarExact: counts must be non-negative integers, got b=${b}, c=${c}`);
  }
  const n = b + c;
  if (n === 0) return 1;
  // When b = c the smaller tail already holds at least half the mass: p is 1 without summing.
  if (b === c) return 1;
  return Math.min(1, 2 * binomialHalfLowerTail(Math.min(b, c), n));
}
