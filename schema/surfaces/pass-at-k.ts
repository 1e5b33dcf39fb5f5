import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

const rate = z.number().finite().min(0).max(1);
const count = z.number().int().nonnegative();

/** One k, its estimate, and the tasks with at least k samples that the estimate is a mean over. */
export const PassAtSchema = z.object({ k: z.number().int().positive(), value: rate, tasks: count });

/**
 * Per model × suite × arm × power level: at each k, the mean over tasks with at least k samples of
 * the unbiased estimator of Chen et al. (2021) over each task's n answered samples (every repeat
 * and sample of the task; transport failures are not samples). docs/metrics.md states the rule.
 */
export const PassAtKRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  tasks: count,
  /** Samples per task: the smallest and largest n; k runs up to samples_max, `pass_at[].tasks` says how many tasks count at each k. */
  samples_min: count,
  samples_max: count,
  samples: count,
  passed: count,
  /** k in 1, 2, 5, 10, 20, 50, … up to samples_max. */
  pass_at: z.array(PassAtSchema),
  simulated: z.boolean(),
});

/** The same per task (present when the export is small enough; see `task_rows_omitted`). */
export const PassAtKTaskRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  task_id: z.string(),
  n: count,
  c: count,
  pass_at: z.array(PassAtSchema),
});

export const PassAtKSchema = surfaceEnvelope('pass_at_k', PassAtKRowSchema).extend({
  task_rows: z.array(PassAtKTaskRowSchema),
  /** True when there were too many task rows to include (task_rows is then empty). */
  task_rows_omitted: z.boolean(),
});

export type PassAtKRow = z.infer<typeof PassAtKRowSchema>;
export type PassAtKTaskRow = z.infer<typeof PassAtKTaskRowSchema>;
export type PassAtK = z.infer<typeof PassAtKSchema>;
