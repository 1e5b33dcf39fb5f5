import { wilson, Z_95, type Interval } from '../wilson.ts';

/**
 * A paired 2×2 table of binary outcomes. "First" and "second" are the two members of each pair
 * (for a comparison: the candidate and the original, in that order, so the difference is
 * candidate − original).
 */
export interface PairedTable {
  /** Both passed. */
  both: number;
  /** First passed, second failed. */
  firstOnly: number;
  /** Second passed, first failed. */
  secondOnly: number;
  /** Both failed. */
  neither: number;
}

/**
 * Newcombe's hybrid score interval for the difference of two paired proportions,
 * p_first − p_second: "method 10" of Newcombe (1998), Statistics in Medicine 17:2635–2650.
 * It combines the Wilson intervals of the two marginal proportions and corrects for their
 * correlation with φ, continuity-corrected as the paper specifies: with A = both·neither −
 * firstOnly·secondOnly, φ = (A − n/2)/√(product of margins) when A > n/2, 0 when 0 ≤ A ≤ n/2,
 * A/√(…) when A < 0, and 0 when any margin is empty. The interval lies within [−1, 1].
 * n = 0 gives the uninformative [−1, 1].
 */
export function pairedDifferenceCi(table: PairedTable, z = Z_95): Interval {
  const { both, firstOnly, secondOnly, neither } = table;
  const n = both + firstOnly + secondOnly + neither;
  if (n === 0) return { low: -1, high: 1 };
  const firstPassed = both + firstOnly;
  const secondPassed = both + secondOnly;
  const p1 = firstPassed / n;
  const p2 = secondPassed / n;
  const w1 = wilson(firstPassed, n, z);
  const w2 = wilson(secondPassed, n, z);
  const phi = correlation(table, n);
  const theta = p1 - p2;
  // Each limit adds the relevant half-widths of the two Wilson intervals "in quadrature",
  // less the covariance term that pairing removes.
  const belowFirst = p1 - w1.low;
  const aboveFirst = w1.high - p1;
  const belowSecond = p2 - w2.low;
  const aboveSecond = w2.high - p2;
  const down = Math.sqrt(Math.max(0, belowFirst ** 2 - 2 * phi * belowFirst * aboveSecond + aboveSecond ** 2));
  const up = Math.sqrt(Math.max(0, aboveFirst ** 2 - 2 * phi * aboveFirst * belowSecond + belowSecond ** 2));
  return { low: Math.max(-1, theta - down), high: Math.min(1, theta + up) };
}

/** Newcombe's continuity-corrected φ between the two marginal outcomes (see pairedDifferenceCi). */
function correlation(table: PairedTable, n: number): number {
  const { both, firstOnly, secondOnly, neither } = table;
  const margins = (both + firstOnly) * (secondOnly + neither) * (both + secondOnly) * (firstOnly + neither);
  if (margins === 0) return 0;
  const a = both * neither - firstOnly * secondOnly;
  if (a > n / 2) return (a - n / 2) / Math.sqrt(margins);
  if (a >= 0) return 0;
  return a / Math.sqrt(margins);
}
