/**
 * SQL view load benchmark: `npx tsx bench/sql-parquet-load.ts [--runs 200000]`.
 *
 * Exports the e2e fixture ledger, repeats its runs.parquet rows (run_id made unique) to N rows,
 * written as the exporter writes it (zstd, row groups of 100,000), then times the SQL view's
 * path for `runs` — hyparquet decodes the file, each 100,000-row batch becomes CSV and DuckDB's
 * CSV reader loads it with the Parquet types (ui/sql/parquet-table.ts, ui/sql/tables.ts) —
 * against a baseline in the same process: DuckDB's own Parquet reader loading the same file into
 * a table. Both run in Node's DuckDB, not DuckDB-WASM, so the figures are for the decode and
 * hand-over, not for the browser. Prints both times, their ratio, the file size and the heap peak.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../exporter/duckdb.ts';
import { runExport } from '../exporter/export.ts';
import { FIXTURES, memoryEffects, readFixtureFolder } from '../test/exporter/memory-effects.ts';
import { openParquetFile, parquetCsv } from '../ui/sql/parquet-table.ts';
import { typedCsvInsertSql, typedTableSql } from '../ui/sql/tables.ts';

const BATCH_ROWS = 100_000;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '200000' } } });
const n = Number(values.runs);
const folder = mkdtempSync(path.join(tmpdir(), 'lb-bench-sql-'));

const effects = memoryEffects(readFixtureFolder(path.join(FIXTURES, 'e2e'), 'ledgers'));
await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects);
const seed = path.join(folder, 'seed.parquet');
writeFileSync(seed, effects.output.get('runs.parquet')!);
const file = path.join(folder, 'runs.parquet');
const db = await openDatabase();
await db.run(`COPY (
  SELECT * EXCLUDE (copy) REPLACE (
    run_id || '-' || lpad(copy::VARCHAR, 6, '0') AS run_id,
    -- Varied measurements, so the columns compress as real ones do rather than as copies.
    wall_ms * (1 + random()) AS wall_ms, joules * (1 + random()) AS joules, output_tokens + (copy % 977)::INTEGER AS output_tokens)
  FROM read_parquet('${seed}') CROSS JOIN range(${n}) AS t(copy)
  ORDER BY run_id LIMIT ${n}
) TO '${file}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${BATCH_ROWS})`);

let t = performance.now();
await db.run(`CREATE TABLE direct AS SELECT * FROM read_parquet('${file}')`);
const baselineMs = performance.now() - t;

let heapPeak = 0;
t = performance.now();
const data = readFileSync(file);
const parquet = openParquetFile(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
await db.run(typedTableSql('page', parquet.columns));
for (let start = 0; start < parquet.rowCount; start += BATCH_ROWS) {
  const csv = path.join(folder, 'batch.csv');
  writeFileSync(csv, parquetCsv(parquet.columns, await parquet.rows(start, Math.min(start + BATCH_ROWS, parquet.rowCount))));
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  await db.run(typedCsvInsertSql('page', csv, parquet.columns));
}
const pageMs = performance.now() - t;
const [check] = await db.query('SELECT (SELECT count(*) FROM page) AS page, (SELECT count(*) FROM direct) AS direct');
await db.close();
const fileMb = statSync(file).size / 1e6;
rmSync(folder, { recursive: true, force: true });

console.log(
  `runs.parquet: ${parquet.rowCount} rows, ${fileMb.toFixed(1)} MB, ${parquet.columns.length} columns (page table ${check?.page} rows, direct ${check?.direct})`,
);
console.log(`baseline (DuckDB read_parquet): ${baselineMs.toFixed(0)} ms`);
console.log(`page path (hyparquet → CSV batches → read_csv with types): ${pageMs.toFixed(0)} ms, ${((parquet.rowCount / pageMs) * 1000).toFixed(0)} rows/s`);
console.log(`ratio page / baseline: ${(pageMs / baselineMs).toFixed(1)}×; JS heap peak ${(heapPeak / 1e6).toFixed(0)} MB`);
