import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSql } from '../duckdb.ts';
import type { SurfaceContext } from './context.ts';

/** The file's path inside data/. */
export const RUNS_PARQUET_PATH = 'runs.parquet';

/**
 * Row groups of a fixed size: DuckDB would otherwise cut them where its threads happen to hand
 * over, and the bytes would differ from one export to the next.
 */
const ROW_GROUP_ROWS = 100_000;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

const COPY_RUNS_TO_PARQUET = (query: string, path: string) =>
  `COPY (${query}) TO ${quote(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`;

/**
 * `data/runs.parquet`: every accepted run in run_id order (exporter/sql/runs_parquet.sql), written
 * by DuckDB into `folder` (the export's temporary folder) and returned as bytes for the output
 * sink. Same ledgers in, same bytes out: the order is total, row groups have a fixed size and
 * insertion order is kept while writing, so no thread timing reaches the file.
 */
export async function buildRunsParquet(context: SurfaceContext, folder: string): Promise<{ rows: number; data: Uint8Array }> {
  const { db, loaded } = context;
  const path = join(folder, 'runs.parquet');
  await db.run('CREATE OR REPLACE TEMP TABLE parquet_ledgers (ledger_index INTEGER, ledger VARCHAR)');
  for (let start = 0; start < loaded.files.length; start += 1000) {
    const values = loaded.files.slice(start, start + 1000).map((file, offset) => `(${start + offset}, ${quote(file.path)})`);
    await db.run(`INSERT INTO parquet_ledgers VALUES ${values.join(', ')}`);
  }
  // The export runs with insertion order off (exporter/duckdb.ts); the ORDER BY must reach the file.
  await db.run('SET preserve_insertion_order = true');
  try {
    await db.run(COPY_RUNS_TO_PARQUET(loadSql('runs_parquet'), path));
  } finally {
    await db.run('SET preserve_insertion_order = false');
    await db.run('DROP TABLE parquet_ledgers');
  }
  const data = await readFile(path);
  await rm(path, { force: true });
  return { rows: loaded.accepted, data };
}
