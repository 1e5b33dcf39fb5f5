/**
 * Deterministic subsets of a dataset: the same seed always picks the same rows, whatever the
 * machine. Pure.
 */
import { mulberry32 } from '../../lib/prng.ts';

/**
 * The first `limit` items, or with a seed: a seeded Fisher–Yates shuffle, its first `limit`,
 * sorted back into dataset order (so task ids still read in order).
 */
export function chooseSubset<T>(items: readonly T[], limit: number | undefined, seed: number | undefined): T[] {
  if (limit === undefined || limit >= items.length) return [...items];
  if (seed === undefined) return items.slice(0, limit);
  const random = mulberry32(seed);
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, limit)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}
