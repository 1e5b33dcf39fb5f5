/**
 * failure_surfaces rows for a sweep subset, pooled from sweep_failures.json (counts, families,
 * example runs per sweep) and sweep_sums.json (every run of each model on each task per sweep,
 * failed or not: the rate's denominator). Over every sweep this gives exactly failure_surfaces.json
 * (test/cross-layer/sweep-failures.test.ts); the view reads that file itself then.
 */
import type { FailureSurfaceRow } from '../../schema/surfaces/failure-surfaces.ts';
import type { SweepFailureRow, SweepSumsRow } from '../../schema/surfaces/sweeps.ts';
import { compareCodeUnits } from './sort.ts';

const taskKey = (row: { model: string; experiment: string; arm: string; task_id: string }) => JSON.stringify([row.model, row.experiment, row.arm, row.task_id]);

/** Runs and answered runs per model × suite × arm × task over the given sweep_sums rows. */
function taskTotals(sums: readonly SweepSumsRow[]): Map<string, { runs: number; answered_runs: number }> {
  const totals = new Map<string, { runs: number; answered_runs: number }>();
  for (const row of sums) {
    const entry = totals.get(taskKey(row)) ?? { runs: 0, answered_runs: 0 };
    entry.runs += row.runs;
    entry.answered_runs += row.runs - row.not_answered;
    totals.set(taskKey(row), entry);
  }
  return totals;
}

const sortedUnion = (lists: readonly (readonly string[])[]) => [...new Set(lists.flat())].sort(compareCodeUnits);

/**
 * One failure_surfaces row per model × task × stage × class of the given sweeps' rows. Both inputs
 * must hold the same sweeps (rowsOfSweeps), so the counts and their denominators agree.
 */
export function pooledFailures(failures: readonly SweepFailureRow[], sums: readonly SweepSumsRow[]): FailureSurfaceRow[] {
  const totals = taskTotals(sums);
  const groups = new Map<string, SweepFailureRow[]>();
  for (const row of failures) {
    const id = JSON.stringify([taskKey(row), row.stage, row.failure_class]);
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const count = group.reduce((sum, row) => sum + row.count, 0);
    // A sweep with a failure of the task has run it, so its sweep_sums row exists.
    const { runs, answered_runs } = totals.get(taskKey(first))!;
    return {
      model: first.model,
      experiment: first.experiment,
      arm: first.arm,
      task_id: first.task_id,
      task_family: sortedUnion(group.map((row) => row.task_families)).join(', '),
      stage: first.stage,
      failure_class: first.failure_class,
      hard: first.hard,
      not_answered: first.not_answered,
      count,
      runs,
      answered_runs,
      rate: count / runs,
      representative_run_ids: sortedUnion(group.map((row) => row.representative_run_ids)).slice(0, 3),
      simulated: group.some((row) => row.simulated),
    };
  });
}
