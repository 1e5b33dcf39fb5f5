import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { AggregatedSchema } from './metrics.ts';
import { ModelKeySchema } from './model-rankings.ts';

/** One model on one task within a suite, arm and power level (repeats pooled). */
export const ModelTaskRowSchema = ModelKeySchema.extend({ task_id: z.string(), task_family: z.string() }).extend(AggregatedSchema.shape);

export const ModelTaskSchema = surfaceEnvelope('model_task', ModelTaskRowSchema);
export type ModelTaskRow = z.infer<typeof ModelTaskRowSchema>;
