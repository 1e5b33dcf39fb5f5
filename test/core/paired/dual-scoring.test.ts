import { describe, expect, it } from 'vitest';
import { classifyArm, dualScoringRows } from '../../../core/paired/dual-scoring.ts';
import { run } from './make-run.ts';

const point = (value: number) => ({ mean: value, ci: { low: value, high: value } });
const spread = (low: number, high: number) => ({ mean: (low + high) / 2, ci: { low, high } });

describe('classifyArm', () => {
  it('lets execution decide first, then format', () => {
    expect(classifyArm(point(0.3), spread(0.05, 0.2), 12)).toBe('contract_helps');
    expect(classifyArm(point(0.3), spread(-0.2, -0.01), 12)).toBe('contract_hurts');
    expect(classifyArm(spread(0.1, 0.4), spread(-0.05, 0.1), 12)).toBe('format_only');
    expect(classifyArm(spread(-0.1, 0.4), spread(-0.05, 0.1), 12)).toBe('no_effect');
  });
  it('withholds a classification below 10 paired tasks', () => {
    expect(classifyArm(point(0.5), point(0.5), 9)).toBeNull();
  });
});

describe('dualScoringRows', () => {
  it('pairs contract with plain per task, repeat and power level, and averages per task first', () => {
    const runs = [];
    for (let t = 0; t < 10; t++) {
      const task_id = `t${t}`;
      for (const power_level of ['default', '60']) {
        runs.push(run({ task_id, power_level, arm: 'plain', format_score: 0.5, score: 0.5, passed: false }));
        runs.push(run({ task_id, power_level, arm: 'contract', format_score: 0.9, score: t < 5 ? 1 : 0.5, passed: t < 5 }));
      }
    }
    // A plain run without a contract partner, and a run without a format score (not a code run).
    runs.push(run({ task_id: 't0', repeat: 7, arm: 'plain', format_score: 0.5 }));
    runs.push(run({ task_id: 't0', arm: 'contract', format_score: null, experiment: 'other' }));
    const rows = dualScoringRows(runs);
    expect(rows.map((r) => r.arm)).toEqual(['contract', 'plain']);
    const [contract, plain] = rows;
    expect(plain).toMatchObject({ runs: 21, paired_tasks: 0, classification: null, format_delta: null });
    expect(contract).toMatchObject({ runs: 20, paired_tasks: 20, paired_runs: 20, baseline_arm: 'plain' });
    expect(contract!.format_delta).toBeCloseTo(0.4, 12);
    // Half the tasks gain 0.5 in execution: mean 0.25, every bootstrap mean above 0.
    expect(contract!.executor_delta).toBeCloseTo(0.25, 12);
    expect(contract!.executor_delta_ci!.low).toBeGreaterThan(0);
    expect(contract!.classification).toBe('contract_helps');
  });
});
