import { describe, expect, it } from 'vitest';
import { MarginPointsSchema, parseMarginPoints } from '../../core/margin.ts';
import { CliError } from '../../lib/cli-error.ts';
import { mulberry32, randomIndex } from '../../lib/prng.ts';

describe('--margin', () => {
  it('reads plain percentage points in [0, 100)', () => {
    expect(parseMarginPoints('5')).toBe(5);
    expect(parseMarginPoints(' 2.5 ')).toBe(2.5);
    expect(parseMarginPoints('0')).toBe(0);
    expect(parseMarginPoints('99.99')).toBe(99.99);
  });

  it('reads every generated point value in range back as its number', () => {
    const random = mulberry32(5);
    for (let i = 0; i < 1000; i++) {
      const points = randomIndex(random, 10_000) / 100;
      expect(parseMarginPoints(String(points))).toBe(points);
    }
  });

  it.each(['150', '100', '-5', '5%', '1e1', '', ' ', 'five', '0x5', '+5', '.5', '5.', 'Infinity', 'NaN'])('refuses %j with one line', (bad) => {
    expect(() => parseMarginPoints(bad)).toThrow(CliError);
    expect(() => parseMarginPoints(bad)).toThrow(`--margin ${bad}: expected percentage points from 0 to below 100, e.g. --margin 5`);
  });

  it('holds the export options to the same range', () => {
    expect(MarginPointsSchema.safeParse(150).success).toBe(false);
    expect(MarginPointsSchema.safeParse(-1).success).toBe(false);
    expect(MarginPointsSchema.safeParse(5).success).toBe(true);
  });
});
