/**
 * pass_at_k rows for a sweep subset: each task's n and c added over the selected sweeps
 * (sweep_pass_at_k.json), then every row built by the exporter's own function
 * (core/pass-at-k-rows.ts). A sample recorded twice counts once, in the sweep of its later record
 * (the rule pass_at_k.json applies), so over every sweep this is pass_at_k.json exactly.
 */
import { passAtKGroupRow, passAtKGroups, type TaskSamples } from '../../core/pass-at-k-rows.ts';
import type { PassAtKRow } from '../../schema/surfaces/pass-at-k.ts';
import type { SweepPassAtKRow } from '../../schema/surfaces/sweeps.ts';
import { compareCodeUnits } from './sort.ts';

const KEYS = ['model', 'experiment', 'arm', 'power_level', 'task_id'] as const;

function compareTasks(a: TaskSamples, b: TaskSamples): number {
  for (const key of KEYS) {
    const order = compareCodeUnits(a[key], b[key]);
    if (order !== 0) return order;
  }
  return 0;
}

/** Per-task samples of the given sweeps' rows, summed per task, in the order the exporter's SQL gives them. */
export function pooledTaskSamples(rows: readonly SweepPassAtKRow[]): TaskSamples[] {
  const tasks = new Map<string, TaskSamples>();
  for (const row of rows) {
    const id = JSON.stringify(KEYS.map((key) => row[key]));
    const entry = tasks.get(id);
    if (entry === undefined) {
      tasks.set(id, {
        model: row.model,
        experiment: row.experiment,
        arm: row.arm,
        power_level: row.power_level,
        task_id: row.task_id,
        n: row.n,
        c: row.c,
        simulated: row.simulated,
      });
    } else {
      entry.n += row.n;
      entry.c += row.c;
      entry.simulated ||= row.simulated;
    }
  }
  return [...tasks.values()].sort(compareTasks);
}

export function pooledPassAtK(rows: readonly SweepPassAtKRow[]): PassAtKRow[] {
  return passAtKGroups(pooledTaskSamples(rows)).map(passAtKGroupRow);
}
