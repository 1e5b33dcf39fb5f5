import { describe, expect, it } from 'vitest';
import { recommend } from '../../../core/paired/recommend.ts';
import type { ComparisonRow } from '../../../schema/surfaces/comparisons.ts';

/** Only the fields recommend() reads; the rest of a row does not change what it says. */
function row(candidate: string, verdict: ComparisonRow['verdict'], candidateUsd: number | null = 1, caveat: string | null = null): ComparisonRow {
  return {
    original: 'big',
    original_power_level: 'default',
    candidate,
    candidate_power_level: 'default',
    experiment: 'suite',
    arm: 'plain',
    verdict,
    pairs: 40,
    delta: -0.02,
    delta_ci: { low: -0.04, high: 0.01 },
    original_usd_per_pass: 2,
    candidate_usd_per_pass: candidateUsd,
    harness_suspects: { lost: 0, won: 0, caveat },
  } as unknown as ComparisonRow;
}

describe('recommend: wording when no candidate is recommended', () => {
  it('"None holds up" when every candidate was shown worse', () => {
    const [only] = recommend([row('small', 'significant_regression')]);
    expect(only!.candidate).toBeNull();
    expect(only!.message).toBe('None holds up: keep big (small: significant_regression).');
  });

  it('an open comparison is not called a failure: "not shown to hold up yet"', () => {
    for (const verdict of ['inconclusive', 'insufficient_evidence'] as const) {
      const [only] = recommend([row('small', 'significant_regression'), row('mid', verdict)]);
      expect(only!.candidate).toBeNull();
      expect(only!.message).toBe(`None is shown to hold up yet (more paired tasks may decide it): keep big (small: significant_regression; mid: ${verdict}).`);
    }
  });

  it('a non-inferior candidate that costs more per pass is settled, not open', () => {
    const [only] = recommend([row('mid', 'non_inferior', 3)]);
    expect(only!.message).toBe('None holds up: keep big (mid: holds up but is not cheaper per pass).');
  });

  it('still recommends the cheapest candidate that holds up', () => {
    const [only] = recommend([row('mid', 'inconclusive'), row('small', 'non_inferior', 0.5)]);
    expect(only!.candidate).toBe('small');
    expect(only!.message).toMatch(/^Use small in place of big: non-inferior on 40 paired tasks/);
  });

  it('a verdict resting on suspected harness faults is never a recommendation, and settles nothing', () => {
    const caveat = '3 of 3 discordant pairs are suspected harness faults: this verdict is not evidence about the model.';
    const [held] = recommend([row('small', 'non_inferior', 0.5, caveat)]);
    expect(held!.candidate).toBeNull();
    expect(held!.message).toBe(
      'None is shown to hold up yet (more paired tasks may decide it): keep big (small: non_inferior, resting on suspected harness faults (not evidence about the model)).',
    );
    const [worse] = recommend([row('small', 'significant_regression', 1, caveat)]);
    expect(worse!.message).toMatch(/^None is shown to hold up yet .*small: significant_regression, resting on suspected harness faults/);
  });
});
