import { wilson, Z_95, type Interval } from '../../core/wilson.ts';

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions,
 * x1/n1 − x2/n2: "method 10" of Newcombe (1998), Statistics in Medicine 17:873–890. The
 * independent-samples sibling of pairedDifferenceCi, for rows that are not paired (two exports).
 * An empty group says nothing about the difference: n1 = 0 or n2 = 0 gives [−1, 1].
 */
export function independentDifferenceCi(x1: number, n1: number, x2: number, n2: number, z = Z_95): Interval {
  if (n1 === 0 || n2 === 0) return { low: -1, high: 1 };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilson(x1, n1, z);
  const w2 = wilson(x2, n2, z);
  const theta = p1 - p2;
  const down = Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const up = Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  return { low: Math.max(-1, theta - down), high: Math.min(1, theta + up) };
}
