import { mulberry32, randomIndex } from '../../lib/prng.ts';
import type { Interval } from '../wilson.ts';

/** Default bootstrap resamples: enough for stable 2.5 % / 97.5 % percentiles (Efron & Tibshirani 1993, ch. 13). */
export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20_211;

export interface BootstrapOptions {
  seed?: number;
  resamples?: number;
  /** Two-sided confidence level, default 0.95. */
  level?: number;
}

export interface MeanWithInterval {
  mean: number;
  ci: Interval;
}

/**
 * The mean of paired differences with a seeded percentile-bootstrap interval: resample the
 * differences with replacement `resamples` times, take each resample's mean, and read the
 * (1−level)/2 and (1+level)/2 quantiles (linear interpolation between order statistics, R's
 * type 7). Deterministic for a seed. Non-finite inputs are dropped; no finite input gives null.
 */
export function bootstrapMean(differences: readonly number[], options: BootstrapOptions = {}): MeanWithInterval | null {
  const values = differences.filter((value) => Number.isFinite(value));
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomIndex(random, n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const tail = (1 - level) / 2;
  return { mean, ci: { low: quantileSorted(means, tail), high: quantileSorted(means, 1 - tail) } };
}

/** Quantile q of ascending values, interpolating between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const weight = position - below;
  return sorted[below]! + weight * (sorted[above]! - sorted[below]!);
}
