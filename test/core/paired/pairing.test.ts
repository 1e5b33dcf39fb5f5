import { describe, expect, it } from 'vitest';
import { pairRuns } from '../../../core/paired/pairing.ts';
import { majorityPassed } from '../../../core/task-outcome.ts';
import { run, tasks } from './make-run.ts';

describe('majorityPassed', () => {
  it('needs more than half; a tie fails', () => {
    expect(majorityPassed([true])).toBe(true);
    expect(majorityPassed([true, false])).toBe(false);
    expect(majorityPassed([true, true, false])).toBe(true);
    expect(majorityPassed([true, false, false])).toBe(false);
    expect(majorityPassed([])).toBe(false);
  });
});

describe('pairRuns', () => {
  it('pairs on task, repeat and sample, and folds repeats into a majority outcome', () => {
    const original = tasks('a', ['PPP', 'PFF', 'FFF']);
    const candidate = tasks('b', ['PPF', 'PPF', 'FFP']);
    const pairing = pairRuns(original, candidate);
    expect(pairing.unpairedRuns).toBe(0);
    expect(pairing.tasks.map((t) => [t.taskId, t.originalPassed, t.candidatePassed, t.pairs.length])).toEqual([
      ['t000', true, true, 3],
      ['t001', false, true, 3],
      ['t002', false, false, 3],
    ]);
  });

  it('excludes and counts runs without a partner, and only folds the paired repeats', () => {
    const original = tasks('a', ['PPF', 'P']);
    const candidate = [...tasks('b', ['FF', 'P']), run({ model: 'b', task_id: 't999' })];
    const pairing = pairRuns(original, candidate);
    // Original t000 repeat 2 and candidate t999 have no partner.
    expect(pairing.unpairedRuns).toBe(2);
    // t000 on the original side is judged on repeats 0 and 1 only: PP, a pass.
    expect(pairing.tasks[0]).toMatchObject({ taskId: 't000', originalPassed: true, candidatePassed: false });
  });

  it('lets a later record of the same key supersede an earlier one, counting the superseded run', () => {
    const early = run({ model: 'a', passed: false, recorded_at: '2026-01-01T00:00:00.000Z' });
    const late = run({ model: 'a', passed: true, recorded_at: '2026-02-01T00:00:00.000Z' });
    const pairing = pairRuns([late, early], [run({ model: 'b', passed: true })]);
    expect(pairing.unpairedRuns).toBe(1);
    expect(pairing.tasks[0]!.originalPassed).toBe(true);
    expect(pairing.tasks[0]!.pairs[0]!.original.run_id).toBe(late.run_id);
  });

  it('keeps samples apart: sample 1 pairs with sample 1', () => {
    const original = [run({ model: 'a', sample: 0, passed: true }), run({ model: 'a', sample: 1, passed: false })];
    const candidate = [run({ model: 'b', sample: 1, passed: false })];
    const pairing = pairRuns(original, candidate);
    expect(pairing.tasks[0]!.pairs).toHaveLength(1);
    expect(pairing.tasks[0]!.pairs[0]!.original.sample).toBe(1);
    expect(pairing.unpairedRuns).toBe(1);
  });
});
