/**
 * Deterministic subsets of a dataset: the same seed always picks the same rows, whatever the
 * machine. Pure.
 */

/** mulberry32: a tiny 32-bit PRNG, plenty for shuffling a few thousand rows reproducibly. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
