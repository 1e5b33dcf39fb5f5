import { describe, expect, it } from 'vitest';
import { independentDifferenceCi } from '../../../exporter/stats/two-proportion.ts';

describe('independentDifferenceCi (Newcombe 1998, Stat Med 17:873–890, method 10)', () => {
  it('reproduces the published Table II examples to 4 dp', () => {
    // x1, n1, x2, n2 → printed limits.
    const table: Array<[number, number, number, number, number, number]> = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [0, 10, 0, 10, -0.2775, 0.2775],
      [10, 10, 0, 20, 0.6791, 1],
      [10, 10, 0, 10, 0.6075, 1],
    ];
    for (const [x1, n1, x2, n2, low, high] of table) {
      const ci = independentDifferenceCi(x1, n1, x2, n2);
      expect(Math.abs(ci.low - low), `${x1}/${n1} vs ${x2}/${n2} low`).toBeLessThanOrEqual(5e-5);
      expect(Math.abs(ci.high - high), `${x1}/${n1} vs ${x2}/${n2} high`).toBeLessThanOrEqual(5e-5);
    }
  });

  it('is [−1, 1] when either group is empty', () => {
    expect(independentDifferenceCi(0, 0, 3, 10)).toEqual({ low: -1, high: 1 });
    expect(independentDifferenceCi(3, 10, 0, 0)).toEqual({ low: -1, high: 1 });
  });
});
