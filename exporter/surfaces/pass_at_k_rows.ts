import { z } from 'zod';
import type { PassAtKRow, PassAtKTaskRow } from '../../schema/surfaces/pass-at-k.ts';
import { passAtK, reportedKs } from '../../core/pass-at-k.ts';
import { passAtKGroupRow, passAtKGroups } from '../../core/pass-at-k-rows.ts';

/** One row of exporter/sql/pass_at_k_tasks.sql. */
export const TaskSamplesSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  task_id: z.string(),
  n: z.number().int().positive(),
  c: z.number().int().nonnegative(),
  simulated: z.boolean(),
});
export type TaskSamples = z.infer<typeof TaskSamplesSchema>;

/** Above this many task rows the surface keeps only the per-group rows (files stay small). */
export const TASK_ROWS_LIMIT = 5000;

/**
 * pass@k per model × suite × arm × power level (pure), by the one rule of core/pass-at-k.ts: at
 * each k in 1, 2, 5, 10, … up to the largest n in the group, the mean of the per-task unbiased
 * estimates over the tasks with at least k samples, with the count of those tasks. Input rows
 * must arrive grouped and sorted, as the SQL orders them.
 */
export function passAtKRows(samples: readonly TaskSamples[]): { rows: PassAtKRow[]; taskRows: PassAtKTaskRow[]; taskRowsOmitted: boolean } {
  const rows: PassAtKRow[] = [];
  const taskRows: PassAtKTaskRow[] = [];
  for (const group of passAtKGroups(samples)) {
    rows.push(passAtKGroupRow(group));
    for (const t of group) {
      taskRows.push({
        model: t.model,
        experiment: t.experiment,
        arm: t.arm,
        power_level: t.power_level,
        task_id: t.task_id,
        n: t.n,
        c: t.c,
        pass_at: reportedKs(t.n).map((k) => ({ k, value: passAtK(t.n, t.c, k), tasks: 1 })),
      });
    }
  }
  const omitted = taskRows.length > TASK_ROWS_LIMIT;
  return { rows, taskRows: omitted ? [] : taskRows, taskRowsOmitted: omitted };
}
