import type { ComparableRun } from './run-row.ts';
import { compareValues } from '../order.ts';
import { majorityPassed } from '../task-outcome.ts';

/** What pairing reads of a run: its key, its time and id (for superseding) and its outcome. */
export type PairableRun = Pick<ComparableRun, 'run_id' | 'recorded_at' | 'task_id' | 'repeat' | 'sample' | 'passed'>;

/** Both sides of one pair: the same task, arm, repeat and sample (and power level or model, per the comparison). */
export interface RunPair<Run extends PairableRun = ComparableRun> {
  original: Run;
  candidate: Run;
}

/** The paired runs of one task, and the task's outcome on each side. */
export interface PairedTask<Run extends PairableRun = ComparableRun> {
  taskId: string;
  pairs: RunPair<Run>[];
  originalPassed: boolean;
  candidatePassed: boolean;
}

export interface Pairing<Run extends PairableRun = ComparableRun> {
  tasks: PairedTask<Run>[];
  /** Runs with no partner on the other side, plus superseded duplicates. */
  unpairedRuns: number;
}

const pairKey = (run: PairableRun) => `${run.task_id}\u0000${run.repeat}\u0000${run.sample}`;

/** Whether `run` supersedes `held` for one key: the later record wins, ties broken by run_id. */
export function supersedes(run: Pick<PairableRun, 'recorded_at' | 'run_id'>, held: Pick<PairableRun, 'recorded_at' | 'run_id'>): boolean {
  return run.recorded_at > held.recorded_at || (run.recorded_at === held.recorded_at && run.run_id > held.run_id);
}

/**
 * One run per key: when a key was run twice (two sweeps over the same plan), the later record
 * supersedes the earlier, and the superseded run counts as excluded.
 */
function latestByKey<Run extends PairableRun>(runs: readonly Run[]): { byKey: Map<string, Run>; superseded: number } {
  const byKey = new Map<string, Run>();
  let superseded = 0;
  for (const run of runs) {
    const key = pairKey(run);
    const held = byKey.get(key);
    if (held === undefined) {
      byKey.set(key, run);
      continue;
    }
    superseded++;
    if (supersedes(run, held)) byKey.set(key, run);
  }
  return { byKey, superseded };
}

/**
 * Pairs two sets of runs that already share everything but the compared factor (model, or power
 * level) on (task, repeat, sample). Runs without a partner are excluded and counted. Tasks come
 * back sorted by id so every downstream number is deterministic.
 */
export function pairRuns<Run extends PairableRun = ComparableRun>(original: readonly Run[], candidate: readonly Run[]): Pairing<Run> {
  const left = latestByKey(original);
  const right = latestByKey(candidate);
  const byTask = new Map<string, RunPair<Run>[]>();
  let matched = 0;
  for (const [key, run] of left.byKey) {
    const partner = right.byKey.get(key);
    if (partner === undefined) continue;
    matched++;
    const list = byTask.get(run.task_id) ?? [];
    list.push({ original: run, candidate: partner });
    byTask.set(run.task_id, list);
  }
  const unpairedRuns = left.superseded + right.superseded + (left.byKey.size - matched) + (right.byKey.size - matched);
  const tasks = [...byTask.entries()]
    .sort(([a], [b]) => compareValues(a, b))
    .map(([taskId, pairs]) => ({
      taskId,
      pairs,
      originalPassed: majorityPassed(pairs.map((pair) => pair.original.passed)),
      candidatePassed: majorityPassed(pairs.map((pair) => pair.candidate.passed)),
    }));
  return { tasks, unpairedRuns };
}
