import { z } from 'zod';
import { surfaceEnvelope } from './envelope.ts';
import { FixedUnitSumSchema, SumsSchema } from './metrics.ts';

const count = z.number().int().nonnegative();

/** One sweep (a `sweep_id` of the ledgers): when, where and what it ran. */
export const SweepRowSchema = z.object({
  sweep_id: z.string(),
  /** The earliest and latest `recorded_at` of its runs (ISO-8601 UTC, from the ledger). */
  first_recorded_at: z.string(),
  last_recorded_at: z.string(),
  hosts: z.array(z.string()),
  /** GPU names its runs were measured on; empty when none had a GPU. */
  gpus: z.array(z.string()),
  models: z.array(z.string()),
  experiments: z.array(z.string()),
  runs: count,
  not_answered: count,
  passed: count,
  simulated_runs: count,
  /** True when any of its runs came from the simulator. */
  simulated: z.boolean(),
});

export const SweepsSchema = surfaceEnvelope('sweeps', SweepRowSchema);
export type SweepRow = z.infer<typeof SweepRowSchema>;

/**
 * The sums of one sweep × model × suite × arm × power level × applied limit × task: the finest
 * group every pooled surface row is a sum of, with the sweep as a key, so the site can show any
 * sweep subset by adding rows (schema/surfaces/metrics.ts SumsSchema) instead of re-reading runs.
 */
export const SweepSumsRowSchema = z
  .object({
    sweep_id: z.string(),
    model: z.string(),
    backend: z.enum(['ollama', 'openai', 'sim']),
    model_family: z.string(),
    experiment: z.string(),
    arm: z.string(),
    /** The runs' own power-level request (`"80"`, `"144w"`, `"default"`). */
    power_level: z.string(),
    applied_w: z.number().finite().nullable(),
    gpu: z.string().nullable(),
    task_id: z.string(),
    task_family: z.string(),
    /** True when any of these runs came from the simulator. */
    simulated: z.boolean(),
  })
  .extend(SumsSchema.shape);

export const SweepSumsSchema = surfaceEnvelope('sweep_sums', SweepSumsRowSchema);
export type SweepSumsRow = z.infer<typeof SweepSumsRowSchema>;

/**
 * failure_surfaces.json with the sweep as one more key: how one model failed one task in one
 * sweep. The denominators (`runs`, `answered_runs`) are not here: they come from sweep_sums.json,
 * which also counts the sweeps where the task did not fail. Families and example runs are lists so
 * that a sweep subset pools them exactly (union; the three smallest ids of the union).
 */
export const SweepFailureRowSchema = z.object({
  sweep_id: z.string(),
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  task_id: z.string(),
  task_families: z.array(z.string()),
  stage: z.enum(['transport', 'extract', 'parse', 'execute', 'semantic', 'constraint']),
  failure_class: z.string(),
  hard: z.boolean(),
  not_answered: z.boolean(),
  count: z.number().int().positive(),
  /** Up to three run ids of this sweep, smallest first. */
  representative_run_ids: z.array(z.string()).max(3),
  simulated: z.boolean(),
});

export const SweepFailuresSchema = surfaceEnvelope('sweep_failures', SweepFailureRowSchema);
export type SweepFailureRow = z.infer<typeof SweepFailureRowSchema>;

/**
 * dual_scoring.json's means split by sweep: per sweep × model × suite × arm, the runs with a
 * format score and the two score sums in 1e-9 units. The paired deltas are not here: they pair
 * runs across the arms and bootstrap over tasks, which does not add up across sweeps.
 */
export const SweepDualScoringRowSchema = z.object({
  sweep_id: z.string(),
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  runs: z.number().int().positive(),
  format_score_nano_sum: FixedUnitSumSchema,
  executor_score_nano_sum: FixedUnitSumSchema,
  simulated: z.boolean(),
});

export const SweepDualScoringSchema = surfaceEnvelope('sweep_dual_scoring', SweepDualScoringRowSchema);

/**
 * pass_at_k.json's per-task samples split by sweep: n answered samples and c passes of one task
 * per sweep, after the latest-record rule over every sweep (each counted sample in its record's
 * sweep), so n and c of a task add up over any sweep subset.
 */
export const SweepPassAtKRowSchema = z.object({
  sweep_id: z.string(),
  model: z.string(),
  experiment: z.string(),
  arm: z.string(),
  power_level: z.string(),
  task_id: z.string(),
  n: z.number().int().positive(),
  c: z.number().int().nonnegative(),
  simulated: z.boolean(),
});

export const SweepPassAtKSchema = surfaceEnvelope('sweep_pass_at_k', SweepPassAtKRowSchema);
export type SweepPassAtKRow = z.infer<typeof SweepPassAtKRowSchema>;
