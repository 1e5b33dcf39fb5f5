import { createHash } from 'node:crypto';

/** A seeded uniform generator on [0, 1): every simulator draw comes from one of these. */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit PRNG, plenty for simulation and fully reproducible. Seeding from a hash of
 * the run's identity makes each draw independent of the order in which runs happen to execute.
 */
export function rngFor(...parts: Array<string | number>): Random {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let state = digest.readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A normal draw (Box–Muller), for jitter on speeds and lengths. */
export function normal(random: Random, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}
