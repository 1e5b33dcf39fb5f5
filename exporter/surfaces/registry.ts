/**
 * The one list of single-file surfaces the exporter writes into data/.
 *
 * Adding a surface is one entry in SURFACES:
 *
 *   { name: 'comparisons', schema: ComparisonsSchema, build: buildComparisons }
 *
 * - `name`: the file written, `data/<name>.json`, and the `surface` field inside it.
 * - `schema`: its zod schema from schema/surfaces/; the exporter validates every built file against
 *   it before writing, so a builder bug fails the export instead of shipping a bad file.
 * - `build(context)`: returns the whole file body (use `envelope()` below for the common shape).
 *   `context.db.query(sql)` runs SQL over the `runs` table (one row per accepted record; columns
 *   listed at the top of exporter/sql/runs_table.sql) and returns plain JSON rows: BIGINT comes back
 *   as number, NaN/Infinity as null. `context.loaded` holds what the ledger reader saw (files,
 *   rejected lines, task prompts); `context.generatedFrom` goes into every file as is;
 *   `context.options` are the export's options.
 *
 * Builders must be deterministic: ORDER BY every query fully, no clock, no absolute paths. Numbers
 * are rounded to 6 significant digits in one place when the file is serialised (exporter/write.ts),
 * so builders keep full precision. The run shards and index.json are written by the pipeline
 * itself (exporter/export.ts): shards are many files, and the index must come last.
 */
import type { z } from 'zod';
import {
  FailureSurfacesSchema,
  ModelRankingsSchema,
  ModelTaskSchema,
  ModelTaskTdpSchema,
  ParetoFrontiersSchema,
  TaskRankingsSchema,
  TaskRegistrySchema,
  VerificationSchema,
  SURFACE_SCHEMA_VERSION,
  type Column,
  type GeneratedFrom,
} from '../../schema/surfaces/index.ts';
import type { Database } from '../duckdb.ts';
import type { ExportOptions } from '../export.ts';
import type { LoadedLedgers } from '../ledgers/load.ts';
import { buildFailureSurfaces } from './failure_surfaces.ts';
import { buildModelRankings } from './model_rankings.ts';
import { buildModelTask } from './model_task.ts';
import { buildModelTaskTdp } from './model_task_tdp.ts';
import { buildParetoFrontiers } from './pareto_frontiers.ts';
import { buildTaskRankings } from './task_rankings.ts';
import { buildTaskRegistry } from './task_registry.ts';
import { buildVerification } from './verification.ts';
import { ComparisonsSchema, DualScoringSchema, PassAtKSchema } from '../../schema/surfaces/index.ts';
import { buildComparisons } from './comparisons.ts';
import { buildDualScoring } from './dual_scoring.ts';
import { buildPassAtK } from './pass_at_k.ts';

/** What every surface builder receives. */
export interface SurfaceContext {
  db: Database;
  loaded: LoadedLedgers;
  generatedFrom: GeneratedFrom;
  options: ExportOptions;
}

/** One file in data/: its name, its schema and how to build it. */
export interface SurfaceDefinition {
  name: string;
  schema: z.ZodType;
  build(context: SurfaceContext): Promise<{ rows: readonly unknown[] }>;
}

export const SURFACES: readonly SurfaceDefinition[] = [
  { name: 'model_rankings', schema: ModelRankingsSchema, build: buildModelRankings },
  { name: 'model_task', schema: ModelTaskSchema, build: buildModelTask },
  { name: 'model_task_tdp', schema: ModelTaskTdpSchema, build: buildModelTaskTdp },
  { name: 'task_rankings', schema: TaskRankingsSchema, build: buildTaskRankings },
  { name: 'task_registry', schema: TaskRegistrySchema, build: buildTaskRegistry },
  { name: 'pareto_frontiers', schema: ParetoFrontiersSchema, build: buildParetoFrontiers },
  { name: 'failure_surfaces', schema: FailureSurfacesSchema, build: buildFailureSurfaces },
  { name: 'verification', schema: VerificationSchema, build: buildVerification },
  { name: 'comparisons', schema: ComparisonsSchema, build: buildComparisons },
  { name: 'dual_scoring', schema: DualScoringSchema, build: buildDualScoring },
  { name: 'pass_at_k', schema: PassAtKSchema, build: buildPassAtK },
];

/** The common file shape `{ surface, schema_version, generated_from, columns?, rows }`. */
export function envelope<Name extends string, Row>(
  surface: Name,
  context: SurfaceContext,
  rows: Row[],
  columns?: Record<string, Column>,
) {
  return {
    surface,
    schema_version: SURFACE_SCHEMA_VERSION as typeof SURFACE_SCHEMA_VERSION,
    generated_from: context.generatedFrom,
    ...(columns === undefined ? {} : { columns }),
    rows,
  };
}
