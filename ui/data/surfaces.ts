import type { z } from 'zod';
import {
  ComparisonsSchema,
  DualScoringSchema,
  FailureSurfacesSchema,
  IndexSchema,
  ModelRankingsSchema,
  ModelTaskSchema,
  ModelTaskTdpSchema,
  ParetoFrontiersSchema,
  PassAtKSchema,
  RunsShardSchema,
  TaskRankingsSchema,
  TaskRegistrySchema,
  VerificationSchema,
} from '../../schema/surfaces/index.ts';

/** Every surface file the site reads, with the zod schema that validates it. */
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
  'dual_scoring.json': DualScoringSchema,
  'pass_at_k.json': PassAtKSchema,
} as const;

export type SurfaceFile = keyof typeof SURFACE_SCHEMAS;
export type SurfaceData<File extends SurfaceFile> = z.infer<(typeof SURFACE_SCHEMAS)[File]>;
export type RunsShard = z.infer<typeof RunsShardSchema>;
export { RunsShardSchema };

/** The command that writes every surface from the ledgers. */
export const EXPORT_COMMAND = 'bash run_me.sh (or npx ledgerbench export)';

/**
 * Surfaces an export writes only for some sweeps; their views say which command produces them
 * instead of reporting an error.
 */
export const OPTIONAL_SURFACES: Partial<Record<SurfaceFile, string>> = {
  'comparisons.json':
    'npx ledgerbench export writes comparisons.json once comparisons are configured (two or more models, or power levels, on the same tasks)',
  'dual_scoring.json':
    'npx ledgerbench export writes dual_scoring.json after a sweep run with --arms plain,contract (e.g. bash run_me.sh --models … --arms plain,contract)',
  'pass_at_k.json': 'npx ledgerbench export writes pass_at_k.json for sweeps with more than one repeat or sample per task (--repeats N)',
};
