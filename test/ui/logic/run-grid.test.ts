import { describe, expect, it } from 'vitest';
import { buildRunGrid, failureClassesOf, filterGridRows, modelsDisagree } from '../../../ui/logic/run-grid.ts';
import { printModelSpec } from '../../../core/model-spec.ts';
import type { RunRecord } from '../../../schema/run-record.ts';
import { makeRuns } from '../../e2e/fixtures/make-runs.ts';
import { E2E_SPEC } from '../../e2e/fixtures/specs.ts';

const all = makeRuns(E2E_SPEC);
const taskRuns = (taskId: string) => all.filter((run) => run.experiment === 'arith' && run.task.id === taskId);

/** The same rows computed the long way: every (arm, power, repeat) key whose runs mix passes and failures. */
function disagreeingKeysByHand(runs: readonly RunRecord[]): string[] {
  const byKey = new Map<string, boolean[]>();
  for (const run of runs) {
    const key = `${run.arm}|${run.power_limit.request ?? 'default'}|${run.repeat}`;
    byKey.set(key, [...(byKey.get(key) ?? []), run.evaluation.passed]);
  }
  return [...byKey].filter(([, verdicts]) => new Set(verdicts).size > 1).map(([key]) => key);
}

describe('the task grid', () => {
  it('has one column per model and one row per arm × power level × repeat, every cell filled', () => {
    const runs = taskRuns('arith-003');
    const grid = buildRunGrid(runs);
    expect(grid.models).toEqual([...new Set(runs.map((run) => printModelSpec(run.model)))].sort());
    expect(grid.rows).toHaveLength(E2E_SPEC.arms.length * E2E_SPEC.powerLevels.length * E2E_SPEC.repeats);
    expect(grid.rows.every((row) => row.cells.size === grid.models.length)).toBe(true);
    expect(grid.rows.flatMap((row) => [...row.cells.values()]).length).toBe(runs.length);
  });

  it('"models disagree" keeps exactly the rows whose verdicts are mixed', () => {
    for (const taskId of ['arith-001', 'arith-003', 'arith-006']) {
      const runs = taskRuns(taskId);
      const kept = filterGridRows(buildRunGrid(runs).rows, { failuresOnly: false, disagree: true });
      expect(kept.length, taskId).toBe(disagreeingKeysByHand(runs).length);
      for (const row of kept) expect(modelsDisagree(row)).toBe(true);
    }
  });

  it('"failures only" and a failure class keep rows with such a failure, and combine', () => {
    const runs = taskRuns('arith-006');
    const rows = buildRunGrid(runs).rows;
    const failing = filterGridRows(rows, { failuresOnly: true, disagree: false });
    expect(failing.length).toBe(rows.filter((row) => [...row.cells.values()].some((run) => !run.evaluation.passed)).length);
    const classes = failureClassesOf(runs);
    expect(classes.length).toBeGreaterThan(0);
    const cls = classes[0]!;
    const byClass = filterGridRows(rows, { failuresOnly: true, disagree: false, failureClass: cls });
    expect(byClass.length).toBeGreaterThan(0);
    expect(byClass.every((row) => [...row.cells.values()].some((run) => run.failure?.class === cls))).toBe(true);
    expect(filterGridRows(rows, { failuresOnly: false, disagree: false, failureClass: 'no_such_class' })).toEqual([]);
  });

  it('a key run twice shows its later record', () => {
    const [first] = taskRuns('arith-001');
    const later: RunRecord = { ...first!, run_id: `${first!.run_id}-again`, recorded_at: '2030-01-01T00:00:00.000Z' };
    const grid = buildRunGrid([first!, later]);
    expect(grid.rows).toHaveLength(1);
    expect([...grid.rows[0]!.cells.values()][0]!.run_id).toBe(later.run_id);
  });
});
