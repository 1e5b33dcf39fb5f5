import type { ComparableRun } from './run-row.ts';
import { compareValues } from '../surfaces/order.ts';
import { majorityPassed } from '../../core/task-outcome.ts';

/** Both sides of one pair: the same task, arm, repeat and sample (and power level or model, per the comparison). */
export interface RunPair {
  original: ComparableRun;
  candidate: ComparableRun;
}

/** The paired runs of one task, and the task's outcome on each side. */
export interface PairedTask {
  taskId: string;
  pairs: RunPair[];
  originalPassed: boolean;
  candidatePassed: boolean;
}

export interface Pairing {
  tasks: PairedTask[];
  /** Runs with no partner on the other side, plus superseded duplicates. */
  unpairedRuns: number;
}

const pairKey = (run: ComparableRun) => `${run.task_id}\u0000${run.repeat}\u0000${run.sample}`;

/**
 * One run per key: when a key was run twice (two sweeps over the same plan), the later record
 * supersedes the earlier (ties broken by run_id), and the superseded run counts as excluded.
 */
function latestByKey(runs: readonly ComparableRun[]): { byKey: Map<string, ComparableRun>; superseded: number } {
  const byKey = new Map<string, ComparableRun>();
  let superseded = 0;
  for (const run of runs) {
    const key = pairKey(run);
    const held = byKey.get(key);
    if (held === undefined) {
      byKey.set(key, run);
      continue;
    }
    superseded++;
    const newer = run.recorded_at > held.recorded_at || (run.recorded_at === held.recorded_at && run.run_id > held.run_id);
    if (newer) byKey.set(key, run);
  }
  return { byKey, superseded };
}

/**
 * Pairs two sets of runs that already share everything but the compared factor (model, or power
 * level) on (task, repeat, sample). Runs without a partner are excluded and counted. Tasks come
 * back sorted by id so every downstream number is deterministic.
 */
export function pairRuns(original: readonly ComparableRun[], candidate: readonly ComparableRun[]): Pairing {
  const left = latestByKey(original);
  const right = latestByKey(candidate);
  const byTask = new Map<string, RunPair[]>();
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
