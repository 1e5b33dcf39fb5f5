import { describe, expect, it } from 'vitest';
import { pairedDifferenceCi } from '../../../core/paired/paired-difference.ts';

/**
 * Newcombe (1998), "Improved confidence intervals for the difference between binomial
 * proportions based on paired data", Stat Med 17:2635–2650: the worked examples' method-10
 * limits as printed (4 dp), cells e, f, g, h = both, first only, second only, neither;
 * θ = (f − g)/n. (The brief cites these as Table II; reproductions label the table III.)
 */
const PUBLISHED: Array<[number, number, number, number, number, number]> = [
  [36, 12, 2, 0, 0.0569, 0.3404],
  [20, 12, 2, 16, 0.0562, 0.3292],
  [18, 12, 2, 18, 0.0562, 0.329],
  [36, 14, 0, 0, 0.1528, 0.4167],
  [35, 14, 0, 1, 0.1461, 0.4175],
  [18, 14, 0, 18, 0.1441, 0.3963],
  [2, 97, 1, 0, 0.8721, 0.9854],
  [0, 29, 1, 0, 0.6666, 0.9882],
  [2, 98, 0, 0, 0.9178, 0.9945],
  [1, 98, 0, 1, 0.9171, 0.9916],
  [0, 30, 0, 0, 0.8395, 1],
  [54, 0, 0, 0, -0.0664, 0.0664],
];

describe('pairedDifferenceCi (Newcombe method 10)', () => {
  it('reproduces the published worked examples to the printed 4 dp', () => {
    for (const [both, firstOnly, secondOnly, neither, low, high] of PUBLISHED) {
      const ci = pairedDifferenceCi({ both, firstOnly, secondOnly, neither });
      const key = `${both}/${firstOnly}/${secondOnly}/${neither}`;
      expect(Math.abs(ci.low - low), `${key} low ${ci.low}`).toBeLessThanOrEqual(5e-5);
      expect(Math.abs(ci.high - high), `${key} high ${ci.high}`).toBeLessThanOrEqual(5e-5);
    }
  });

  it('applies the N/2 continuity correction to φ: the uncorrected φ would give 0.0618–0.3242 for 20/12/2/16', () => {
    const ci = pairedDifferenceCi({ both: 20, firstOnly: 12, secondOnly: 2, neither: 16 });
    expect(Math.abs(ci.low - 0.0618)).toBeGreaterThan(1e-3);
  });

  it('matches an independent implementation: Fagerland, Lydersen & Laake, contingencytables (Cavo et al. 2012 data)', () => {
    // R: Newcombe_square_and_add_CI_paired_2x2(matrix(c(59, 6, 16, 80), 2, byrow = TRUE))
    //    → estimate = -0.0621 (95% CI -0.1186 to -0.0046)
    const ci = pairedDifferenceCi({ both: 59, firstOnly: 6, secondOnly: 16, neither: 80 });
    expect(Math.abs(ci.low - -0.1186)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(ci.high - -0.0046)).toBeLessThanOrEqual(5e-5);
  });

  it('is antisymmetric in the two members and stays within [−1, 1]', () => {
    const forward = pairedDifferenceCi({ both: 11, firstOnly: 7, secondOnly: 2, neither: 30 });
    const reverse = pairedDifferenceCi({ both: 11, firstOnly: 2, secondOnly: 7, neither: 30 });
    expect(forward.low).toBeCloseTo(-reverse.high, 14);
    expect(forward.high).toBeCloseTo(-reverse.low, 14);
    const extreme = pairedDifferenceCi({ both: 0, firstOnly: 0, secondOnly: 5, neither: 0 });
    expect(extreme.low).toBeGreaterThanOrEqual(-1);
    expect(extreme.high).toBeLessThanOrEqual(1);
    expect(extreme.high).toBeLessThan(0);
  });

  it('is uninformative with no pairs and centred on 0 with no discordance', () => {
    expect(pairedDifferenceCi({ both: 0, firstOnly: 0, secondOnly: 0, neither: 0 })).toEqual({ low: -1, high: 1 });
    const concordant = pairedDifferenceCi({ both: 25, firstOnly: 0, secondOnly: 0, neither: 15 });
    expect(concordant.low).toBeLessThan(0);
    expect(concordant.low).toBeCloseTo(-concordant.high, 14);
  });
});
