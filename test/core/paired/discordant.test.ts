import { describe, expect, it } from 'vitest';
import { pairedStats, type ComparisonSpec } from '../../../core/paired/paired-stats.ts';
import { DISCORDANT_LIST_LIMIT } from '../../../schema/surfaces/comparisons.ts';
import { tasks } from './make-run.ts';

const spec: ComparisonSpec = {
  kind: 'model',
  original: 'a',
  candidate: 'b',
  originalPowerLevel: 'default',
  candidatePowerLevel: 'default',
  experiment: 'suite',
  arm: 'plain',
};

describe('discordant task lists', () => {
  it('name the b and c tasks by the majority of paired repeats, ties failing', () => {
    // t000 both pass; t001 lost (the candidate ties 1 of 2, and a tie fails); t002 won; t003 both fail.
    const original = tasks('a', ['PP', 'PP', 'FF', 'FF']);
    const candidate = tasks('b', ['PP', 'PF', 'PP', 'PF']);
    const stats = pairedStats(spec, original, candidate)!;
    expect(stats.discordant).toEqual({ lost: ['t001'], won: ['t002'], truncated: false });
    expect(stats.discordant.lost.length).toBe(stats.original_only);
    expect(stats.discordant.won.length).toBe(stats.candidate_only);
    expect(stats.both_fail).toBe(1);
  });

  it('are cut at the limit and say so, while the counts stay whole', () => {
    const count = DISCORDANT_LIST_LIMIT + 3;
    const original = tasks(
      'a',
      Array.from({ length: count }, () => 'P'),
    );
    const candidate = tasks(
      'b',
      Array.from({ length: count }, () => 'F'),
    );
    const stats = pairedStats(spec, original, candidate)!;
    expect(stats.original_only).toBe(count);
    expect(stats.discordant.lost.length).toBe(DISCORDANT_LIST_LIMIT);
    expect(stats.discordant.lost[0]).toBe('t000');
    expect(stats.discordant.truncated).toBe(true);
  });
});
