import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

const rate = z.number().finite().min(0).max(1);
const count = z.number().int().nonnegative();

/** One k and its estimate. */
export const PassAtSchema = z.object({ k: z.number().int().positive(), value: rate });

/**
 * Per model × suite × arm × power level: pass@k averaged over tasks, each task's value from the
 * unbiased estimator of Chen et al. (2021) over its n samples (every repeat and sample of the task).
 */
export const PassAtKRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  tasks: count,
  /** Samples per task: the smallest and largest n; k runs up to samples_min so every task counts at every k. */
  samples_min: count,
  samples_max: count,
  samples: count,
  passed: count,
  /** k in 1, 2, 5, 10, 20, 50, … up to samples_min. */
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

export type PassAt = z.infer<typeof PassAtSchema>;
export type PassAtKRow = z.infer<typeof PassAtKRowSchema>;
export type PassAtKTaskRow = z.infer<typeof PassAtKTaskRowSchema>;
export type PassAtK = z.infer<typeof PassAtKSchema>;
