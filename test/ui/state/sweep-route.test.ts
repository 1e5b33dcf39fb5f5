import { describe, expect, it } from 'vitest';
import { filtersFromQuery, formatHash, formatSweeps, linkTo, parseHash, parseSweeps } from '../../../ui/state/route.ts';
import { allSweepsReason, PAIRED_RECOMPUTED, SWEEP_FILTERED } from '../../../ui/state/sweep-scope.ts';
import { sweepLabel, sweepsInView } from '../../../ui/logic/sweeps.ts';
import { VIEW_TABLE } from '../../../ui/state/views.ts';

const sweep = (sweep_id: string, simulated = false) => ({
  sweep_id,
  first_recorded_at: '2026-11-20T12:00:00.000Z',
  last_recorded_at: '2026-11-20T13:00:00.000Z',
  hosts: ['host-1'],
  gpus: [],
  models: ['m'],
  experiments: ['e'],
  runs: 3,
  not_answered: 0,
  passed: 1,
  simulated_runs: simulated ? 3 : 0,
  simulated,
});

describe('the sweep selection in the hash', () => {
  it('round-trips ids with commas and percent signs, sorted and distinct', () => {
    const value = formatSweeps(['b,1', 'a%2', 'b,1']);
    expect(parseSweeps(value)).toEqual(['a%2', 'b,1']);
    const hash = formatHash({ view: 'models', args: [], query: { sweep: value! } });
    expect(filtersFromQuery(parseHash(hash).query).sweeps).toEqual(['a%2', 'b,1']);
  });

  it('means every sweep when empty, and is a shared filter that links keep', () => {
    expect(parseSweeps(undefined)).toBeUndefined();
    expect(parseSweeps(',')).toBeUndefined();
    expect(formatSweeps([])).toBeUndefined();
    expect(linkTo(parseHash('#/models?sweep=s1&sort=x'), 'pareto')).toBe('#/pareto?sweep=s1');
  });
});

describe('sweep scope', () => {
  it('labels a sweep by id, day and host, and flags a simulated one', () => {
    expect(sweepLabel(sweep('s1'))).toBe('s1 · 2026-11-20 · host-1');
    expect(sweepLabel(sweep('s2', true))).toBe('s2 · 2026-11-20 · host-1 (simulated)');
  });

  it('returns ids that name no sweep apart, so the page can say so', () => {
    expect(sweepsInView([sweep('s1'), sweep('s2')], ['s2', 'gone'])).toMatchObject({ shown: [{ sweep_id: 's2' }], unknown: ['gone'] });
    expect(sweepsInView([sweep('s1')], undefined).shown).toHaveLength(1);
  });

  it('gives every view that cannot filter by sweep a reason; paired views recompute instead', () => {
    for (const entry of VIEW_TABLE) {
      const reason = allSweepsReason(entry.route);
      expect(reason === null).toBe(SWEEP_FILTERED.has(entry.route));
    }
    expect(allSweepsReason('json')).toMatch(/every sweep/);
    // Failures and pass@k pool per-sweep rows; the paired views recompute from the pairs files: no all-sweeps notice.
    for (const view of ['failures', 'dual', 'passk', 'comparisons', 'verdict', 'pair'] as const) expect(allSweepsReason(view)).toBeNull();
    for (const view of ['comparisons', 'verdict', 'pair', 'dual', 'leaderboard'] as const) expect(PAIRED_RECOMPUTED.has(view)).toBe(true);
  });
});
