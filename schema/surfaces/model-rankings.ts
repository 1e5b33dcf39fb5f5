import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { AggregatedSchema } from './metrics.ts';

/** Identifies a group of runs: a model within one suite, arm and power level. */
export const ModelKeySchema = z.object({
  model: z.string(),
  backend: z.enum(['ollama', 'openai', 'sim']),
  model_family: z.string(),
  experiment: z.string(),
  arm: z.string(),
  /** The power-level request as given (`"80"`, `"144w"`), or `"default"` when none was set. */
  power_level: z.string(),
  applied_w: z.number().finite().nullable(),
  gpu: z.string().nullable(),
});

export const ModelRankingRowSchema = ModelKeySchema.extend(AggregatedSchema.shape).extend({
  /** 1 = best run pass rate within (experiment, arm, power_level); ties share a rank; a row with no answered run ranks last. */
  rank: z.number().int().positive(),
});

export const ModelRankingsSchema = surfaceEnvelope('model_rankings', ModelRankingRowSchema);
export type ModelRankingRow = z.infer<typeof ModelRankingRowSchema>;
export type ModelRankings = z.infer<typeof ModelRankingsSchema>;
