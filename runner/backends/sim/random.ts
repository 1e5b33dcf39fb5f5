import { createHash } from 'node:crypto';
import { mulberry32 } from '../../../lib/prng.ts';

/** A seeded uniform generator on [0, 1): every simulator draw comes from one of these. */
export type Random = () => number;

/**
 * A generator seeded from a hash of the run's identity, so each draw is independent of the order in
 * which runs happen to execute.
 */
export function rngFor(...parts: Array<string | number>): Random {
  return mulberry32(createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0));
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
