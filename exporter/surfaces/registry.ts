/**
 * The exporter's half of the surface catalogue (core/surfaces.ts): the builder of every single
 * file it writes into data/. Adding a surface is its schema in core/surfaces.ts and one entry in
 * BUILDERS, which the type checker requires for every catalogue file; the exporter validates each
 * built file against the catalogue's schema before writing, so a builder bug fails the export
 * instead of shipping a file the site will refuse. What a builder receives is in ./context.ts.
 * The run shards and index.json are written by the pipeline itself (exporter/export.ts): shards
 * are many files, and the index must come last.
 */
import type { z } from 'zod';
import { SURFACE_SCHEMAS, surfaceName, type BuiltSurfaceFile } from '../../core/surfaces.ts';
import { buildComparisonPairs } from './comparison_pairs.ts';
import { buildComparisons } from './comparisons.ts';
import type { SurfaceBuilder } from './context.ts';
import { buildDualScoring } from './dual_scoring.ts';
import { buildFailureSurfaces } from './failure_surfaces.ts';
import { buildJudgeReliability } from './judge_reliability.ts';
import { buildModelRankings } from './model_rankings.ts';
import { buildModelTask } from './model_task.ts';
import { buildModelTaskTdp } from './model_task_tdp.ts';
import { buildParetoFrontiers } from './pareto_frontiers.ts';
import { buildPassAtK } from './pass_at_k.ts';
import { buildRescoring } from './rescoring.ts';
import { buildSweepDualScoring, buildSweepFailures, buildSweepPassAtK, buildSweepSums, buildSweeps } from './sweeps.ts';
import { buildTaskRankings } from './task_rankings.ts';
import { buildTaskRegistry } from './task_registry.ts';
import { buildVerification } from './verification.ts';

/** One file in data/: its name (the file is `data/<name>.json`), its schema and how to build it. */
export interface SurfaceDefinition {
  name: string;
  schema: z.ZodType;
  build: SurfaceBuilder;
}

/**
 * In the order they are built (the manifest sorts its list by path). comparisons.json comes first:
 * it pairs the runs the export's run pass holds (exporter/export.ts), which are let go once it is built.
 */
const BUILDERS: { readonly [File in BuiltSurfaceFile]: SurfaceBuilder } = {
  'comparisons.json': buildComparisons,
  'model_rankings.json': buildModelRankings,
  'model_task.json': buildModelTask,
  'model_task_tdp.json': buildModelTaskTdp,
  'task_rankings.json': buildTaskRankings,
  'task_registry.json': buildTaskRegistry,
  'pareto_frontiers.json': buildParetoFrontiers,
  'failure_surfaces.json': buildFailureSurfaces,
  'verification.json': buildVerification,
  'comparison_pairs.json': buildComparisonPairs,
  'dual_scoring.json': buildDualScoring,
  'pass_at_k.json': buildPassAtK,
  'rescoring.json': buildRescoring,
  'sweeps.json': buildSweeps,
  'sweep_sums.json': buildSweepSums,
  'sweep_failures.json': buildSweepFailures,
  'sweep_dual_scoring.json': buildSweepDualScoring,
  'sweep_pass_at_k.json': buildSweepPassAtK,
  'judge_reliability.json': buildJudgeReliability,
};

export const SURFACES: readonly SurfaceDefinition[] = (Object.keys(BUILDERS) as BuiltSurfaceFile[]).map((file) => ({
  name: surfaceName(file),
  schema: SURFACE_SCHEMAS[file],
  build: BUILDERS[file],
}));
