/**
 * What every surface builder receives and the common file shape it returns. Builders import this
 * file, never the registry that lists them (exporter/surfaces/registry.ts), so the list and its
 * entries form no import cycle.
 *
 * - `context.db.query(sql)` runs SQL over the `runs` table (one row per accepted record; columns
 *   listed at the top of exporter/sql/runs_table.sql) and returns plain JSON rows: BIGINT comes back
 *   as number, NaN/Infinity as null.
 * - `context.loaded` holds what the ledger reader saw (files, rejected lines, task prompts);
 *   `context.generatedFrom` goes into every file as is; `context.options` are the export's options.
 *
 * Builders must be deterministic: ORDER BY every query fully, no clock, no absolute paths. Numbers
 * are rounded to 6 significant digits in one place when the file is serialised (exporter/write.ts),
 * so builders keep full precision.
 */
import { SURFACE_SCHEMA_VERSION, type Column, type GeneratedFrom } from '../../schema/surfaces/index.ts';
import type { Database } from '../duckdb.ts';
import type { LoadedLedgers } from '../ledgers/load.ts';
import type { RecordStore } from '../ledgers/record-store.ts';
import type { SideStore } from '../comparisons/side-store.ts';

/** The export options a builder may read (the export command's `--margin`, `--holm`, `--candidates`). */
export interface SurfaceOptions {
  margin?: number;
  holm?: boolean;
  candidates?: string;
}

/** What every surface builder receives. */
export interface SurfaceContext {
  db: Database;
  loaded: LoadedLedgers;
  generatedFrom: GeneratedFrom;
  options: SurfaceOptions;
  /** The accepted records' text, for builders that need a field the runs table does not carry (`evaluation.judge`). */
  store?: RecordStore;
  /** The answered runs of the pass the pairs files were written from, for comparisons.json; absent: it makes its own pass. */
  sides?: SideStore;
}

/** Builds one file's whole body from the context. */
export type SurfaceBuilder = (context: SurfaceContext) => Promise<{ rows: readonly unknown[] }>;

/** The common file shape `{ surface, schema_version, generated_from, columns?, rows }`. */
export function envelope<Name extends string, Row>(surface: Name, context: SurfaceContext, rows: Row[], columns?: Record<string, Column>) {
  return {
    surface,
    schema_version: SURFACE_SCHEMA_VERSION as typeof SURFACE_SCHEMA_VERSION,
    generated_from: context.generatedFrom,
    ...(columns === undefined ? {} : { columns }),
    rows,
  };
}
