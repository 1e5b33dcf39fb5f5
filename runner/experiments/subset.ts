import { sha256Hex } from '../../lib/hash.ts';

/**
 * A deterministic subset of `limit` items (pure): items are ranked by a hash of the seed and
 * their id, the first `limit` kept, then put back in their original order. The same seed always
 * picks the same tasks, and a task's membership does not depend on where it sits in the file.
 */
export function subsetByIds<T extends { id: string }>(items: readonly T[], limit: number | null, seed: number): T[] {
  if (limit === null || limit >= items.length) return [...items];
  const ranked = items
    .map((item, position) => ({ position, rank: sha256Hex(`${seed}\u0000${item.id}`) }))
    .sort((a, b) => a.rank.localeCompare(b.rank) || a.position - b.position)
    .slice(0, limit)
    .map((entry) => entry.position)
    .sort((a, b) => a - b);
  return ranked.map((position) => items[position]!);
}
