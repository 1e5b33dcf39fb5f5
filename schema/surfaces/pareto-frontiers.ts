import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { FixedUnitSumSchema } from './metrics.ts';

const count = z.number().int().nonnegative();

/**
 * A model's point on one plane: run pass rate (higher is better) against a cost (lower is better).
 * A point is on the frontier when no other point in the same (plane, experiment, arm,
 * power_level) is at least as good on both axes and better on one.
 */
export const ParetoPointSchema = z.object({
  plane: z.enum(['energy', 'output_tokens']),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  applied_w: z.number().finite().nullable(),
  model: z.string(),
  backend: z.enum(['ollama', 'openai', 'sim']),
  /** Mean joules per run (valid energy only) or mean output tokens per run. */
  x: z.number().finite(),
  x_unit: z.enum(['J/run', 'tokens/run']),
  run_pass_rate: z.number().min(0).max(1),
  run_pass_rate_ci_low: z.number().min(0).max(1),
  run_pass_rate_ci_high: z.number().min(0).max(1),
  /** The sums both axes pool from (schema/surfaces/metrics.ts SumsSchema). */
  runs: count,
  not_answered: count,
  passed: count,
  energy_valid_runs: count,
  energy_uj_sum: FixedUnitSumSchema,
  output_tokens_runs: count,
  output_tokens_sum: count,
  on_frontier: z.boolean(),
  /**
   * On the frontier of every configuration of the suite: no other point of the same (plane,
   * experiment), whatever its model, arm or power level, is at least as good on both axes and
   * better on one. Optional so exports written before it still validate.
   */
  on_suite_frontier: z.boolean().optional(),
  simulated: z.boolean(),
});

export const ParetoFrontiersSchema = surfaceEnvelope('pareto_frontiers', ParetoPointSchema);
export type ParetoPoint = z.infer<typeof ParetoPointSchema>;
