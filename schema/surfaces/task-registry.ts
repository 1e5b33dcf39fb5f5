import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';

/** One task definition as the ledgers recorded it. */
export const TaskRegistryRowSchema = z.object({
  experiment: z.string(),
  task_id: z.string(),
  task_family: z.string(),
  task_hash: z.string(),
  evaluator: z.string(),
  /** The first 280 characters of the plain-arm prompt (or the first arm seen). */
  prompt_preview: z.string(),
  success_definition: z.string(),
  runs: z.number().int().nonnegative(),
  models: z.number().int().nonnegative(),
  simulated: z.boolean(),
});

export const TaskRegistrySchema = surfaceEnvelope('task_registry', TaskRegistryRowSchema);
export type TaskRegistryRow = z.infer<typeof TaskRegistryRowSchema>;
