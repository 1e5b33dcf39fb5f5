import { describe, expect, it } from 'vitest';
import { planComparisons } from '../../../core/paired/plan.ts';
import { orderPowerLevels } from '../../../core/paired/power-levels.ts';
import { resetWarnings, setWarningSink } from '../../../lib/warn.ts';
import { run } from './make-run.ts';

describe('orderPowerLevels', () => {
  it('orders by applied watts when every level has them', () => {
    expect(
      orderPowerLevels([
        { level: '80', appliedW: 240 },
        { level: '144w', appliedW: 144 },
        { level: 'default', appliedW: 300 },
      ]),
    ).toEqual(['default', '80', '144w']);
  });
  it('falls back to the requests: default first, then one unit descending', () => {
    expect(
      orderPowerLevels([
        { level: '50', appliedW: null },
        { level: 'default', appliedW: null },
        { level: '80', appliedW: null },
      ]),
    ).toEqual(['default', '80', '50']);
    expect(
      orderPowerLevels([
        { level: '100w', appliedW: null },
        { level: '250w', appliedW: null },
      ]),
    ).toEqual(['250w', '100w']);
  });
  it('refuses to order percent against watts without applied watts', () => {
    expect(
      orderPowerLevels([
        { level: '80', appliedW: null },
        { level: '144w', appliedW: null },
      ]),
    ).toBeNull();
  });
});

describe('planComparisons', () => {
  const runs = [
    run({ model: 'qwen3:14b', experiment: 'a' }),
    run({ model: 'qwen3:8b', experiment: 'a' }),
    run({ model: 'qwen3:8b', experiment: 'b' }),
    run({ model: 'qwen3:4b', experiment: 'a', power_level: '80' }),
    run({ model: 'qwen3:14b', experiment: 'a', power_level: '80' }),
  ];

  it('compares every mapped pair present, per suite and shared power level', () => {
    const specs = planComparisons(runs, { 'qwen3:14b': ['qwen3:8b', 'qwen3:4b', 'qwen3:1.7b'] });
    const models = specs.filter((s) => s.kind === 'model').map((s) => [s.original, s.candidate, s.experiment, s.originalPowerLevel]);
    expect(models).toEqual([
      ['qwen3:14b', 'qwen3:4b', 'a', '80'],
      ['qwen3:14b', 'qwen3:8b', 'a', 'default'],
    ]);
  });

  it('adds pairs named on the command line and each lower power level against the highest', () => {
    const specs = planComparisons(runs, {}, [['qwen3:8b', 'qwen3:4b']]);
    // qwen3:8b and qwen3:4b share no (suite, power level): no model row.
    expect(specs.filter((s) => s.kind === 'model')).toEqual([]);
    expect(specs.filter((s) => s.kind === 'power_level')).toEqual([
      {
        kind: 'power_level',
        original: 'qwen3:14b',
        candidate: 'qwen3:14b',
        originalPowerLevel: 'default',
        candidatePowerLevel: '80',
        experiment: 'a',
        arm: 'plain',
      },
    ]);
  });

  it('warns once and skips power comparisons it cannot order', () => {
    const seen: string[] = [];
    const previous = setWarningSink((line) => seen.push(line));
    try {
      resetWarnings();
      const mixed = [run({ model: 'm', power_level: '80' }), run({ model: 'm', power_level: '144w' })];
      expect(planComparisons(mixed, {})).toEqual([]);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^m: power levels .* mix percent and watts/);
    } finally {
      setWarningSink(previous);
      resetWarnings();
    }
  });
});
