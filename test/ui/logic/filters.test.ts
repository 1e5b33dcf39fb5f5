import { describe, expect, it } from 'vitest';
import { applyFilters, comparePowerAware, filterOptions, matchesFilters, runMatchesFilters } from '../../../ui/logic/filters.ts';
import { makeRuns } from '../../e2e/fixtures/make-runs.ts';
import { E2E_SPEC } from '../../e2e/fixtures/specs.ts';

const rows = [
  { model: 'a', experiment: 'e1', arm: 'plain', power_level: '100', gpu: 'G', model_family: 'fa', simulated: false },
  { model: 'b', experiment: 'e1', arm: 'contract', power_level: '60', gpu: null, model_family: 'fb', simulated: true },
  { model: 'c', experiment: 'e2', arm: 'plain', power_level: 'default', gpu: 'G', model_family: 'fa', simulated: false },
];

describe('surface filters', () => {
  it('applies each filter to rows that carry the field', () => {
    expect(applyFilters(rows, { experiment: 'e1', hideSimulated: false }).map((r) => r.model)).toEqual(['a', 'b']);
    expect(applyFilters(rows, { hideSimulated: true }).map((r) => r.model)).toEqual(['a', 'c']);
    expect(applyFilters(rows, { gpu: 'none', hideSimulated: false }).map((r) => r.model)).toEqual(['b']);
    expect(applyFilters(rows, { family: 'fa', power: 'default', hideSimulated: false }).map((r) => r.model)).toEqual(['c']);
  });

  it('ignores a filter on rows without that field', () => {
    expect(matchesFilters({ experiment: 'e1' }, { power: '60', hideSimulated: false })).toBe(true);
  });

  it('offers sorted choices with numeric power levels in numeric order', () => {
    const options = filterOptions(rows);
    expect(options.power).toEqual(['60', '100', 'default']);
    expect(options.gpu).toEqual(['G', 'none']);
    expect(['144w', '41', '100', 'default'].sort(comparePowerAware)).toEqual(['41', '100', '144w', 'default']);
  });
});

describe('run filters', () => {
  const runs = makeRuns(E2E_SPEC);
  const familyOf = new Map<string, string>();

  it('filters raw run records like surface rows', () => {
    const plain60 = runs.filter((run) => runMatchesFilters(run, { arm: 'plain', power: '60', hideSimulated: true }, familyOf));
    expect(plain60.length).toBeGreaterThan(0);
    expect(plain60.every((run) => run.arm === 'plain' && run.power_limit.request === '60' && !run.simulated)).toBe(true);
    const simulated = runs.filter((run) => run.simulated).length;
    expect(runs.filter((run) => runMatchesFilters(run, { hideSimulated: true }, familyOf))).toHaveLength(runs.length - simulated);
  });

  it('uses the surfaces family map before the record field', () => {
    const map = new Map([['sim:fixture-sim', 'other']]);
    const kept = runs.filter((run) => runMatchesFilters(run, { family: 'other', hideSimulated: false }, map));
    expect(new Set(kept.map((run) => run.model.name))).toEqual(new Set(['fixture-sim']));
  });
});
