import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

/** How one model failed one task: a failure class with its count and example runs. */
export const FailureSurfaceRowSchema = z.object({
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  task_id: z.string(),
  task_family: z.string(),
  stage: z.enum(['transport', 'extract', 'parse', 'execute', 'semantic', 'constraint']),
  failure_class: z.string(),
  /** An answer with no usable output (extract, parse, execute). */
  hard: z.boolean(),
  /** A transport failure: the server never answered, an outage rather than a model result. */
  not_answered: z.boolean(),
  count: z.number().int().positive(),
  /** All runs of this model on this task (same experiment and arm): the denominator of `rate`. */
  runs: z.number().int().positive(),
  /** Of those, the runs the server answered. */
  answered_runs: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1),
  /** Up to three run ids, smallest first, for the drill-down. */
  representative_run_ids: z.array(z.string()).max(3),
  simulated: z.boolean(),
});

export const FailureSurfacesSchema = surfaceEnvelope('failure_surfaces', FailureSurfaceRowSchema);
export type FailureSurfaceRow = z.infer<typeof FailureSurfaceRowSchema>;
