import { once } from 'node:events';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBDecimalValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue, type DuckDBValue } from '@duckdb/node-api';
import { RUN_COLUMNS, type FlatRun } from './ledgers/flatten.ts';

/** A query result value after normalisation: plain JSON, finite numbers only. */
export type SqlValue = string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue };
export type SqlRow = Record<string, SqlValue>;

/**
 * The exporter's only handle on DuckDB. Surfaces query the `runs` table (exporter/sql/runs_table.sql)
 * through `query`, which returns plain JSON values (see `normalise`).
 */
export interface Database {
  /** Appends rows (values in RUN_COLUMNS order) to `runs`. */
  appendRuns(rows: readonly FlatRun[]): Promise<void>;
  /** Runs SQL and returns its rows with every value normalised. */
  query(sql: string): Promise<SqlRow[]>;
  /** Runs SQL and yields its rows a chunk at a time (for results too large to hold at once). */
  stream(sql: string): AsyncGenerator<SqlRow[]>;
  /** Runs SQL for its effect. */
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens an in-memory database holding an empty `runs` table.
 *
 * Rows reach DuckDB through a temporary CSV file read once with explicit column types: DuckDB
 * parses it on all cores, where appending from JavaScript cost about as much as validating the
 * records (bench/RESULTS.md). The file is loaded before the first query.
 */
export async function openDatabase(): Promise<Database> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // Every query orders its rows itself; not keeping load order lets the CSV load stream with less memory.
  await connection.run('SET preserve_insertion_order = false');
  await connection.run(loadSql('runs_table'));
  const folder = await mkdtemp(join(tmpdir(), 'ledgerbench-duckdb-'));
  const csvPath = join(folder, 'runs.csv');
  let csv: WriteStream | null = null;

  async function ensureLoaded(): Promise<void> {
    if (csv === null) return;
    const stream = csv;
    csv = null;
    stream.end();
    await once(stream, 'finish');
    const columns = RUN_COLUMNS.map(([name, kind]) => `'${name}': '${kind.toUpperCase()}'`).join(', ');
    await connection.run(
      `INSERT INTO runs SELECT * FROM read_csv('${csvPath.replaceAll("'", "''")}', columns = {${columns}}, header = false, ` +
        `delim = ',', quote = '"', escape = '"', nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false)`,
    );
    await rm(csvPath, { force: true });
  }

  return {
    async appendRuns(rows) {
      if (rows.length === 0) return;
      csv ??= createWriteStream(csvPath);
      if (!csv.write(toCsv(rows))) await once(csv, 'drain');
    },
    async query(sql) {
      await ensureLoaded();
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjects().map(normaliseRow);
    },
    async *stream(sql) {
      await ensureLoaded();
      const result = await connection.stream(sql);
      for await (const rows of result.yieldRowObjects()) yield rows.map(normaliseRow);
    },
    async run(sql) {
      await ensureLoaded();
      await connection.run(sql);
    },
    async close() {
      csv?.destroy();
      connection.closeSync();
      instance.closeSync();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Rows → CSV text: strings always quoted (so an empty string stays empty), `\\N` for null,
 * numbers in JavaScript's shortest round-trip form, which DuckDB reads back to the same double.
 */
export function toCsv(rows: readonly FlatRun[]): string {
  let text = '';
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (c > 0) text += ',';
      if (value === null || value === undefined) text += '\\N';
      else if (typeof value === 'string') text += `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
      else text += String(value);
    }
    text += '\n';
  }
  return text;
}

function normaliseRow(row: Record<string, DuckDBValue>): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = normalise(value);
  return out;
}

/**
 * DuckDB values → JSON values, in one place: BIGINT/HUGEINT → number, DECIMAL → number, lists and
 * structs recursively, NaN/±Infinity → null (no non-finite number may reach a file), anything
 * else (timestamps, dates) → its ISO-style text.
 */
export function normalise(value: DuckDBValue): SqlValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBListValue) return value.items.map(normalise);
  if (value instanceof DuckDBStructValue) {
    const out: Record<string, SqlValue> = {};
    for (const [key, item] of Object.entries(value.entries)) out[key] = normalise(item);
    return out;
  }
  return String(value);
}

const sqlCache = new Map<string, string>();

/**
 * The text of `exporter/sql/<name>.sql`. A `-- @include other` line is replaced by that file's
 * text, so the metric aggregates are written once and shared by every grouped surface.
 */
export function loadSql(name: string): string {
  const cached = sqlCache.get(name);
  if (cached !== undefined) return cached;
  const text = readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8').replace(
    /^\s*-- @include ([a-z_]+)\s*$/gm,
    (_line, included: string) => loadSql(included),
  );
  sqlCache.set(name, text);
  return text;
}
