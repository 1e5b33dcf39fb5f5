import type { ComparisonRow, DeltaName } from '../../schema/surfaces/comparisons.ts';
import { bootstrapMean, type MeanWithInterval } from './bootstrap.ts';
import type { PairedTask } from './pairing.ts';
import type { ComparableRun } from './run-row.ts';

/**
 * The efficiency deltas of a comparison (candidate − original per run), and why one is absent.
 * A quantity a run did not record (null: no valid energy reading, no price, no token count, a
 * wall time an imported record left out) is never read as 0: a pair counts only where both sides
 * recorded it, and a delta no pair can support is null with its reason, not [0, 0].
 */
const DELTAS: Record<DeltaName, { quantity: string; pick: (run: ComparableRun) => number | null }> = {
  energy_delta_j: { quantity: 'a valid energy reading', pick: (run) => run.joules },
  cost_delta_usd: { quantity: 'a cost', pick: (run) => run.usd },
  output_tokens_delta: { quantity: 'output tokens', pick: (run) => run.output_tokens },
  wall_ms_delta: { quantity: 'a wall time', pick: (run) => run.wall_ms },
};

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Per task, the mean of candidate − original over the pairs where both sides measured the
 * quantity; then a seeded bootstrap over tasks (the unit the pass-rate statistics use too, so
 * repeats of one task do not count as independent evidence). Null when no task has a measured pair.
 */
function taskDeltas(tasks: readonly PairedTask[], pick: (run: ComparableRun) => number | null): MeanWithInterval | null {
  const perTask: number[] = [];
  for (const task of tasks) {
    const diffs: number[] = [];
    for (const pair of task.pairs) {
      const a = pick(pair.original);
      const b = pick(pair.candidate);
      if (a !== null && b !== null) diffs.push(b - a);
    }
    if (diffs.length > 0) perTask.push(mean(diffs));
  }
  return bootstrapMean(perTask);
}

/** Why no pair supports a delta: which side recorded nothing, or that the recorded runs never meet. */
function reasonFor(tasks: readonly PairedTask[], quantity: string, pick: (run: ComparableRun) => number | null): string {
  const pairs = tasks.flatMap((task) => task.pairs);
  const originalHas = pairs.some((pair) => pick(pair.original) !== null);
  const candidateHas = pairs.some((pair) => pick(pair.candidate) !== null);
  if (!originalHas && !candidateHas) return `not recorded: no paired run on either side has ${quantity}`;
  if (!originalHas) return `not recorded: no paired run of the original has ${quantity}`;
  if (!candidateHas) return `not recorded: no paired run of the candidate has ${quantity}`;
  return `not recorded: no pair has ${quantity} on both sides`;
}

export type ComparisonDeltas = Pick<ComparisonRow, DeltaName | 'deltas_not_recorded'>;

/** Every efficiency delta of a pairing, with a reason for each one that is null. */
export function efficiencyDeltas(tasks: readonly PairedTask[]): ComparisonDeltas {
  const deltas = {} as Record<DeltaName, MeanWithInterval | null>;
  const notRecorded: ComparisonRow['deltas_not_recorded'] = [];
  for (const [name, { quantity, pick }] of Object.entries(DELTAS) as [DeltaName, (typeof DELTAS)[DeltaName]][]) {
    deltas[name] = taskDeltas(tasks, pick);
    if (deltas[name] === null) notRecorded.push({ delta: name, reason: reasonFor(tasks, quantity, pick) });
  }
  return { ...deltas, deltas_not_recorded: notRecorded };
}
