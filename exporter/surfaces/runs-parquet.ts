import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { limitMemory, loadSql, sqlString } from '../duckdb.ts';
import type { SurfaceContext } from './context.ts';

/** The file's path inside data/. */
export const RUNS_PARQUET_PATH = 'runs.parquet';

/**
 * Row groups of a fixed size: DuckDB would otherwise cut them where its threads happen to hand
 * over, and the bytes would differ from one export to the next.
 */
const ROW_GROUP_ROWS = 100_000;

/**
 * DuckDB's memory for the COPY beyond what it already holds. Sorting a million runs by run_id
 * otherwise takes about as much again as the runs table itself (0.9 GB at 1M, the export's peak);
 * capped, the sort spills to the workspace's temp folder, at no measured cost in time.
 */
const COPY_HEADROOM_BYTES = 256 << 20;

const COPY_RUNS_TO_PARQUET = (query: string, path: string) =>
  `COPY (${query}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`;

/**
 * `data/runs.parquet`: every accepted run in run_id order (exporter/sql/runs_parquet.sql), written
 * by DuckDB into `folder` (the export's temporary folder) and returned as bytes for the output
 * sink. Same ledgers in, same bytes out: the order is total (a query's ORDER BY holds in COPY even
 * with insertion order off, as the export runs) and row groups have a fixed size, so no thread
 * timing reaches the file (test/exporter/surfaces/runs-parquet.test.ts writes it with 1 and 4 threads).
 */
export async function buildRunsParquet(context: SurfaceContext, folder: string): Promise<{ rows: number; data: Uint8Array }> {
  const { db, loaded } = context;
  const path = join(folder, 'runs.parquet');
  await db.run('CREATE OR REPLACE TEMP TABLE parquet_ledgers (ledger_index INTEGER, ledger VARCHAR)');
  for (let start = 0; start < loaded.files.length; start += 1000) {
    const values = loaded.files.slice(start, start + 1000).map((file, offset) => `(${start + offset}, ${sqlString(file.path)})`);
    await db.run(`INSERT INTO parquet_ledgers VALUES ${values.join(', ')}`);
  }
  const release = await limitMemory(db, COPY_HEADROOM_BYTES);
  try {
    await db.run(COPY_RUNS_TO_PARQUET(loadSql('runs_parquet'), path));
  } finally {
    await release();
    await db.run('DROP TABLE parquet_ledgers');
  }
  const data = await readFile(path);
  await rm(path, { force: true });
  return { rows: loaded.accepted, data };
}
