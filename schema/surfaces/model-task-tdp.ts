import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { AggregatedSchema } from './metrics.ts';
import { ModelKeySchema } from './model-rankings.ts';

/**
 * One model × task × applied power limit. Unlike model_task, rows are keyed by the applied
 * watts (not the request), and energy ratios use valid energy only.
 */
export const ModelTaskTdpRowSchema = ModelKeySchema.extend({ task_id: z.string(), task_family: z.string() }).extend(AggregatedSchema.shape);

export const ModelTaskTdpSchema = surfaceEnvelope('model_task_tdp', ModelTaskTdpRowSchema);
export type ModelTaskTdpRow = z.infer<typeof ModelTaskTdpRowSchema>;
