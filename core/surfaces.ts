import type { z } from 'zod';
import {
  ComparisonPairsSchema,
  ComparisonsSchema,
  DualScoringSchema,
  FailureSurfacesSchema,
  IndexSchema,
  JudgeReliabilitySchema,
  ModelRankingsSchema,
  ModelTaskSchema,
  ModelTaskTdpSchema,
  ParetoFrontiersSchema,
  PassAtKSchema,
  RescoringSchema,
  SweepDualScoringSchema,
  SweepFailuresSchema,
  SweepPassAtKSchema,
  SweepSumsSchema,
  SweepsSchema,
  TaskRankingsSchema,
  TaskRegistrySchema,
  VerificationSchema,
} from '../schema/surfaces/index.ts';

/**
 * The surface catalogue: every single file in data/, by name, with the zod schema that
 * validates it. The exporter pairs each entry with its builder (exporter/surfaces/registry.ts,
 * which the type checker holds to this list) and the site loads each through it (ui/data/load.ts).
 * The run shards (`runs/*.json`, schema/surfaces/runs-shard.ts) and the pairs files
 * (`comparison_pairs/*.json`, schema/surfaces/comparison-pairs.ts) are many files and not listed.
 */
export const SURFACE_SCHEMAS = {
  'index.json': IndexSchema,
  'model_rankings.json': ModelRankingsSchema,
  'model_task.json': ModelTaskSchema,
  'model_task_tdp.json': ModelTaskTdpSchema,
  'task_rankings.json': TaskRankingsSchema,
  'task_registry.json': TaskRegistrySchema,
  'pareto_frontiers.json': ParetoFrontiersSchema,
  'failure_surfaces.json': FailureSurfacesSchema,
  'verification.json': VerificationSchema,
  'comparisons.json': ComparisonsSchema,
  'comparison_pairs.json': ComparisonPairsSchema,
  'dual_scoring.json': DualScoringSchema,
  'pass_at_k.json': PassAtKSchema,
  'rescoring.json': RescoringSchema,
  'sweeps.json': SweepsSchema,
  'sweep_sums.json': SweepSumsSchema,
  'sweep_failures.json': SweepFailuresSchema,
  'sweep_dual_scoring.json': SweepDualScoringSchema,
  'sweep_pass_at_k.json': SweepPassAtKSchema,
  'judge_reliability.json': JudgeReliabilitySchema,
} as const;

export type SurfaceFile = keyof typeof SURFACE_SCHEMAS;
export type SurfaceData<File extends SurfaceFile> = z.infer<(typeof SURFACE_SCHEMAS)[File]>;

/** The surfaces a builder writes; index.json is written last by the pipeline, from the others. */
export type BuiltSurfaceFile = Exclude<SurfaceFile, 'index.json'>;

/** `model_rankings.json` → `model_rankings`: the `surface` field inside the file. */
export function surfaceName(file: SurfaceFile): string {
  return file.slice(0, -'.json'.length);
}
