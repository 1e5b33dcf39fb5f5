import { describe, expect, it } from 'vitest';
import { decideVerdict, type VerdictInput } from '../../../core/paired/verdict.ts';
import { mcnemarExact } from '../../../core/paired/mcnemar.ts';
import { pairedDifferenceCi } from '../../../core/paired/paired-difference.ts';

/** A verdict input from a paired table (candidate − original), as the builder makes it. */
function input(both: number, originalOnly: number, candidateOnly: number, neither: number, margin = 0.05): VerdictInput {
  const pairs = both + originalOnly + candidateOnly + neither;
  return {
    pairs,
    originalOnly,
    candidateOnly,
    delta: (candidateOnly - originalOnly) / pairs,
    deltaCi: pairedDifferenceCi({ both, firstOnly: candidateOnly, secondOnly: originalOnly, neither }),
    p: mcnemarExact(originalOnly, candidateOnly),
    alpha: 0.05,
    margin,
  };
}

describe('decideVerdict', () => {
  it('checks the pair count before anything else', () => {
    // 9 pairs all lost by the candidate: p = 2/512 < 0.05, yet too few to judge.
    const result = decideVerdict(input(0, 9, 0, 0));
    expect(result.verdict).toBe('insufficient_evidence');
    expect(result.reason).toMatch(/Only 9 paired tasks/);
    expect(result.pairsNeededEstimate).toBeGreaterThanOrEqual(10);
  });

  it('calls a significant drop a regression and a significant gain an improvement', () => {
    expect(decideVerdict(input(36, 12, 2, 0)).verdict).toBe('significant_regression');
    expect(decideVerdict(input(36, 2, 12, 0)).verdict).toBe('significant_improvement');
    expect(decideVerdict(input(36, 12, 2, 0)).pairsNeededEstimate).toBeNull();
  });

  it('is non-inferior only when the interval rules out a drop beyond the margin', () => {
    const tight = input(900, 10, 12, 78);
    expect(tight.deltaCi.low).toBeGreaterThan(-0.05);
    const result = decideVerdict(tight);
    expect(result.verdict).toBe('non_inferior');
    expect(result.reason).toMatch(/Non-inferior within the 5-point margin/);
    expect(result.pairsNeededEstimate).toBeNull();
  });

  it('says plainly that a 2-point drop on 50 tasks is not evidence the model holds up', () => {
    // b = 3, c = 2: −2 points on 50 tasks.
    const result = decideVerdict(input(40, 3, 2, 5));
    expect(result.verdict).toBe('inconclusive');
    expect(result.reason).toMatch(/^Inconclusive: -2\.0 points .* on 50 paired tasks/);
    expect(result.reason).toMatch(/This is not evidence that the candidate holds up/);
    expect(result.reason).toMatch(/Planning estimate, not a promise: about \d+ paired tasks/);
    expect(result.pairsNeededEstimate).toBeGreaterThan(50);
    expect(result.reason).toMatch(/more than the 50 compared here: the suite needs more tasks\.$/);
  });

  it('decides on the Holm-adjusted p when there is one, and shows both', () => {
    const raw = input(36, 12, 2, 0);
    const adjusted = decideVerdict({ ...raw, holmP: 0.06 });
    expect(adjusted.verdict).not.toBe('significant_regression');
    expect(adjusted.reason).toMatch(/McNemar p = 0\.013, Holm-adjusted 0\.060/);
  });
});
