/**
 * A small seeded PRNG (mulberry32: a 32-bit state advanced by a Weyl increment, then mixed by
 * multiply-xorshift rounds). Not cryptographic; fast, and the same seed gives the same stream on
 * every platform, which is all that the bootstrap, the simulator, dataset subsets and retry jitter need.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) from a [0, 1) generator. */
export function randomIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
