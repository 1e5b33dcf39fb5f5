import { describe, expect, it } from 'vitest';
import { chooseSubset } from '../../../runner/datasets/sample.ts';

const items = Array.from({ length: 100 }, (_, i) => i);

describe('chooseSubset', () => {
  it('keeps everything without a limit or when the limit exceeds the rows', () => {
    expect(chooseSubset(items, undefined, 3)).toEqual(items);
    expect(chooseSubset(items, 500, 3)).toEqual(items);
  });

  it('takes the first rows when no seed is given', () => {
    expect(chooseSubset(items, 5, undefined)).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the same sorted subset for the same seed and another for another seed', () => {
    const a = chooseSubset(items, 10, 42);
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(chooseSubset(items, 10, 42)).toEqual(a);
    expect(chooseSubset(items, 10, 43)).not.toEqual(a);
    // A seeded subset is a sample, not the head of the dataset.
    expect(a).not.toEqual(items.slice(0, 10));
  });

  it('nests: a larger limit with the same seed contains the smaller subset', () => {
    const small = chooseSubset(items, 10, 9);
    const large = chooseSubset(items, 30, 9);
    expect(small.every((x) => large.includes(x))).toBe(true);
  });
});
