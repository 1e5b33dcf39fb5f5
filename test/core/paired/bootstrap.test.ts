import { describe, expect, it } from 'vitest';
import { bootstrapMean, quantileSorted } from '../../../core/paired/bootstrap.ts';
import { mulberry32 } from '../../../lib/prng.ts';

describe('mulberry32', () => {
  it('is deterministic for a seed, differs between seeds, and is uniform on [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    const random = mulberry32(7);
    let sum = 0;
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = random();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      bins[Math.floor(x * 10)]!++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('quantileSorted', () => {
  it('interpolates between order statistics like R quantile(type = 7)', () => {
    // R: quantile(c(1, 2, 4, 8), c(0.25, 0.5, 0.9)) → 1.75, 3, 6.8
    expect(quantileSorted([1, 2, 4, 8], 0.25)).toBeCloseTo(1.75, 15);
    expect(quantileSorted([1, 2, 4, 8], 0.5)).toBeCloseTo(3, 15);
    expect(quantileSorted([1, 2, 4, 8], 0.9)).toBeCloseTo(6.8, 12);
  });
});

describe('bootstrapMean', () => {
  it('is deterministic for a seed and varies with it', () => {
    const data = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3, -5, 8];
    const once = bootstrapMean(data, { seed: 1 });
    expect(bootstrapMean(data, { seed: 1 })).toEqual(once);
    expect(bootstrapMean(data, { seed: 2 })!.ci).not.toEqual(once!.ci);
    expect(once!.mean).toBeCloseTo(18 / 12, 15);
    expect(once!.ci.low).toBeLessThan(once!.mean);
    expect(once!.ci.high).toBeGreaterThan(once!.mean);
  });

  it('approaches the normal-theory interval mean ± 1.96·s/√n for a large sample', () => {
    const random = mulberry32(99);
    const data = Array.from({ length: 400 }, () => random() * 10 - 2);
    const n = data.length;
    const mean = data.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    const half = (1.959963984540054 * sd) / Math.sqrt(n);
    const result = bootstrapMean(data, { seed: 5 })!;
    expect(Math.abs(result.ci.low - (mean - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(result.ci.high - (mean + half))).toBeLessThan(0.1 * half);
  });

  it('collapses to a point for constant differences, drops non-finite values, and is null when empty', () => {
    expect(bootstrapMean([2.5, 2.5, 2.5])).toEqual({ mean: 2.5, ci: { low: 2.5, high: 2.5 } });
    expect(bootstrapMean([1, Number.NaN, 3, Infinity])!.mean).toBe(2);
    expect(bootstrapMean([])).toBeNull();
    expect(bootstrapMean([Number.NaN])).toBeNull();
  });
});
