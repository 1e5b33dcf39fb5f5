import type { PassAtKRow } from '../schema/surfaces/pass-at-k.ts';
import { aggregatePassAtK, reportedKs } from './pass-at-k.ts';

/** One task's answered samples within a model × suite × arm × power level. */
export interface TaskSamples {
  model: string;
  experiment: string;
  arm: string;
  power_level: string;
  task_id: string;
  n: number;
  c: number;
  simulated: boolean;
}

const groupKey = (t: TaskSamples) => [t.model, t.experiment, t.arm, t.power_level].join('\u0000');

/** Task samples grouped per model × suite × arm × power level, groups in the order they first occur. */
export function passAtKGroups(samples: readonly TaskSamples[]): TaskSamples[][] {
  const groups = new Map<string, TaskSamples[]>();
  for (const t of samples) {
    const list = groups.get(groupKey(t));
    if (list) list.push(t);
    else groups.set(groupKey(t), [t]);
  }
  return [...groups.values()];
}

/**
 * One pass_at_k row from its group's tasks, by the one rule of ./pass-at-k.ts: at each k in 1, 2,
 * 5, 10, … up to the largest n, the mean of the per-task unbiased estimates over the tasks with at
 * least k samples. The exporter and the site's sweep pooling both build rows here.
 */
export function passAtKGroupRow(group: readonly TaskSamples[]): PassAtKRow {
  const first = group[0]!;
  const nMax = Math.max(...group.map((t) => t.n));
  return {
    model: first.model,
    experiment: first.experiment,
    arm: first.arm,
    power_level: first.power_level,
    tasks: group.length,
    samples_min: Math.min(...group.map((t) => t.n)),
    samples_max: nMax,
    samples: group.reduce((sum, t) => sum + t.n, 0),
    passed: group.reduce((sum, t) => sum + t.c, 0),
    // k ≤ nMax, so at least one task counts at every k and no value is null.
    pass_at: aggregatePassAtK(group, reportedKs(nMax)).map(({ k, value, tasks }) => ({ k, value: value!, tasks })),
    simulated: group.some((t) => t.simulated),
  };
}
