/**
 * dual_scoring rows for a sweep subset: the run counts and mean scores pooled from
 * sweep_dual_scoring.json by adding runs and the 1e-9 score sums. The paired deltas, their
 * intervals, the paired counts and the classification pair runs across arms and bootstrap over
 * tasks, so they do not add up across sweeps: a pooled row keeps the all-sweeps row's (null when
 * the export has none) and the dual view says so beside them.
 */
import type { DualScoringRow } from '../../schema/surfaces/dual-scoring.ts';
import type { SweepDualScoringRow } from '../../schema/surfaces/sweeps.ts';

const NANO = 1e9;
const rowKey = (row: { model: string; experiment: string; arm: string }) => JSON.stringify([row.model, row.experiment, row.arm]);

/** The deltas side of a row, as the export has it over every sweep. */
const NO_DELTAS = {
  format_delta: null,
  format_delta_ci: null,
  executor_delta: null,
  executor_delta_ci: null,
  paired_tasks: 0,
  paired_runs: 0,
  classification: null,
} as const;

export function pooledDualScoring(perSweep: readonly SweepDualScoringRow[], allSweeps: readonly DualScoringRow[]): DualScoringRow[] {
  const exported = new Map(allSweeps.map((row) => [rowKey(row), row]));
  const groups = new Map<string, SweepDualScoringRow[]>();
  for (const row of perSweep) groups.set(rowKey(row), [...(groups.get(rowKey(row)) ?? []), row]);
  return [...groups.entries()].map(([key, group]) => {
    const first = group[0]!;
    const runs = group.reduce((sum, row) => sum + row.runs, 0);
    const format = group.reduce((sum, row) => sum + row.format_score_nano_sum, 0);
    const executor = group.reduce((sum, row) => sum + row.executor_score_nano_sum, 0);
    const whole = exported.get(key);
    return {
      model: first.model,
      experiment: first.experiment,
      arm: first.arm,
      baseline_arm: whole?.baseline_arm ?? 'plain',
      runs,
      mean_format_score: format / NANO / runs,
      mean_executor_score: executor / NANO / runs,
      format_score_nano_sum: format,
      executor_score_nano_sum: executor,
      format_delta: whole?.format_delta ?? NO_DELTAS.format_delta,
      format_delta_ci: whole?.format_delta_ci ?? NO_DELTAS.format_delta_ci,
      executor_delta: whole?.executor_delta ?? NO_DELTAS.executor_delta,
      executor_delta_ci: whole?.executor_delta_ci ?? NO_DELTAS.executor_delta_ci,
      paired_tasks: whole?.paired_tasks ?? NO_DELTAS.paired_tasks,
      paired_runs: whole?.paired_runs ?? NO_DELTAS.paired_runs,
      classification: whole?.classification ?? NO_DELTAS.classification,
      simulated: group.some((row) => row.simulated),
    };
  });
}
