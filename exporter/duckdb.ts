import { once } from 'node:events';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBDecimalValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue, type DuckDBValue } from '@duckdb/node-api';
import { RUN_COLUMNS } from './ledgers/flatten.ts';

/** A query result value after normalisation: plain JSON, finite numbers only. */
export type SqlValue = string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue };
export type SqlRow = Record<string, SqlValue>;
/** Values bound to a query's `$name` placeholders (never spliced into the SQL text). */
export type SqlParams = Record<string, string | number | boolean | null>;

/**
 * The exporter's only handle on DuckDB. Surfaces query the `runs` table (exporter/sql/runs_table.sql)
 * through `query`, which returns plain JSON values (see `normalise`).
 */
export interface Database {
  /** Appends rows written as `toCsv` text, values in RUN_COLUMNS order, to `runs`. */
  appendCsv(text: string): Promise<void>;
  /**
   * Appends the rows of a CSV file in RUN_COLUMNS order without ledger_index (an export cache
   * segment's rows: exporter/ledgers/cache.ts), read in place, with this ledger_index and
   * `byteOffsetBase` added to each byte_offset.
   */
  appendCsvFile(path: string, ledgerIndex: number, byteOffsetBase: number): void;
  /** Runs SQL and returns its rows with every value normalised; `params` bind `$name` placeholders. */
  query(sql: string, params?: SqlParams): Promise<SqlRow[]>;
  /**
   * Runs SQL and returns its columns by name, every value normalised: cheaper than `query` for
   * many rows (no object per row), for callers that build their own rows.
   */
  queryColumns(sql: string, params?: SqlParams): Promise<{ rows: number; columns: Record<string, SqlValue[]> }>;
  /**
   * Runs SQL and yields its columns a chunk (about 2,048 rows) at a time, every value normalised,
   * for results too large to hold at once; like `queryColumns`, no object per row.
   */
  streamColumns(sql: string): AsyncGenerator<{ rows: number; columns: Record<string, SqlValue[]> }>;
  /** Runs SQL for its effect. */
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * DuckDB's limit on one CSV line, set explicitly: the schema's bounds on text columns
 * (schema/run-record.ts, BOUNDS.fieldChars) keep every row well under it.
 */
const MAX_CSV_LINE_BYTES = 8 << 20;

/**
 * Opens an in-memory database holding an empty `runs` table. Its temporary files (the CSV
 * hand-off and whatever DuckDB spills) go into `folder`, which the caller owns and removes; without
 * one, a folder of its own is made and removed on `close`.
 *
 * Rows reach DuckDB through a temporary CSV file read once with explicit column types: DuckDB
 * parses it on all cores, where appending from JavaScript cost about as much as validating the
 * records (bench/RESULTS.md). The file is loaded before the first query.
 */
export async function openDatabase(folder?: string): Promise<Database> {
  const own = folder === undefined;
  const workFolder = folder ?? (await mkdtemp(join(tmpdir(), 'ledgerbench-duckdb-')));
  const spill = join(workFolder, 'duckdb');
  await mkdir(spill, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: spill });
  const connection = await instance.connect();
  // Every query orders its rows itself; not keeping load order lets the CSV load stream with less memory.
  await connection.run('SET preserve_insertion_order = false');
  await connection.run(loadSql('runs_table'));
  const csvPath = join(workFolder, 'runs.csv');
  let csv: WriteStream | null = null;
  let files: { path: string; ledgerIndex: number; byteOffsetBase: number }[] = [];

  async function ensureLoaded(): Promise<void> {
    if (csv !== null) {
      const stream = csv;
      csv = null;
      stream.end();
      await once(stream, 'finish');
      await connection.run(INSERT_RUNS_CSV(csvPath));
      await rm(csvPath, { force: true });
    }
    if (files.length > 0) {
      const queued = files;
      files = [];
      await connection.run(INSERT_RUNS_CSV_FILES(queued));
    }
  }

  async function appendCsv(text: string): Promise<void> {
    if (text.length === 0) return;
    csv ??= createWriteStream(csvPath);
    if (!csv.write(text)) await once(csv, 'drain');
  }

  return {
    appendCsv,
    appendCsvFile(path, ledgerIndex, byteOffsetBase) {
      files.push({ path, ledgerIndex, byteOffsetBase });
    },
    async query(sql, params) {
      await ensureLoaded();
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjects().map(normaliseRow);
    },
    async queryColumns(sql, params) {
      await ensureLoaded();
      const reader = await connection.runAndReadAll(sql, params);
      return { rows: reader.currentRowCount, columns: plainColumns(reader.columnNames(), reader.getColumns()) };
    },
    async *streamColumns(sql) {
      await ensureLoaded();
      const result = await connection.stream(sql);
      const names = result.deduplicatedColumnNames();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) return;
        yield { rows: chunk.rowCount, columns: plainColumns(names, chunk.getColumns()) };
      }
    },
    async run(sql) {
      await ensureLoaded();
      await connection.run(sql);
    },
    async close() {
      csv?.destroy();
      connection.closeSync();
      instance.closeSync();
      await rm(own ? workFolder : csvPath, { recursive: true, force: true });
    },
  };
}

/** A text as an SQL string literal, for paths and names spliced into statements that take no parameters. */
export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** read_csv's options for the rows the loader writes (exporter/ledgers/csv.ts). */
const CSV_OPTIONS =
  `header = false, delim = ',', quote = '"', escape = '"', nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, ` +
  `max_line_size = ${MAX_CSV_LINE_BYTES}`;

const columnTypes = (columns: readonly (readonly [string, string])[]) => columns.map(([name, kind]) => `'${name}': '${kind.toUpperCase()}'`).join(', ');

/** The loader's CSV file, every RUN_COLUMNS column in it. */
const INSERT_RUNS_CSV = (path: string) =>
  `INSERT INTO runs SELECT * FROM read_csv(${sqlString(path)}, columns = {${columnTypes(RUN_COLUMNS)}}, ${CSV_OPTIONS})`;

/**
 * Cache segments' rows files in one read: each file's ledger_index and record-store base come from
 * a list joined on the file name (read_csv's `filename` column), the other columns as they are.
 */
const INSERT_RUNS_CSV_FILES = (files: readonly { path: string; ledgerIndex: number; byteOffsetBase: number }[]) => {
  const columns = RUN_COLUMNS.filter(([name]) => name !== 'ledger_index');
  const select = RUN_COLUMNS.map(([name]) =>
    name === 'ledger_index' ? 'f.ledger_index' : name === 'byte_offset' ? 'r.byte_offset + f.base AS byte_offset' : `r."${name}"`,
  ).join(', ');
  const list = files.map((file) => `(${sqlString(file.path)}, ${file.ledgerIndex}, ${file.byteOffsetBase}::BIGINT)`).join(', ');
  return (
    `INSERT INTO runs SELECT ${select} FROM read_csv([${files.map((file) => sqlString(file.path)).join(', ')}], ` +
    `columns = {${columnTypes(columns)}}, ${CSV_OPTIONS}, filename = true) r ` +
    `JOIN (VALUES ${list}) f(path, ledger_index, base) ON r.filename = f.path`
  );
};

/** Columns by name, every value normalised in place. */
function plainColumns(names: readonly string[], values: DuckDBValue[][]): Record<string, SqlValue[]> {
  const columns: Record<string, SqlValue[]> = {};
  names.forEach((name, index) => {
    const column = values[index]!;
    for (let i = 0; i < column.length; i++) {
      const value = column[i]!;
      if (!isPlain(value)) column[i] = normalise(value) as never;
    }
    columns[name] = column as SqlValue[];
  });
  return columns;
}

/** Strings, booleans and finite doubles are already plain JSON: normalise is skipped for them. */
function isPlain(value: DuckDBValue): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A row object of DuckDB's, every value normalised in place (each row object is new, the caller's alone). */
function normaliseRow(row: Record<string, DuckDBValue>): SqlRow {
  for (const key in row) {
    const value = row[key]!;
    if (!isPlain(value)) row[key] = normalise(value) as never;
  }
  return row as SqlRow;
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

/**
 * Caps DuckDB's memory at what its buffer manager holds now plus `headroom` bytes, until the
 * returned function lifts the cap. DuckDB otherwise takes memory up to most of the machine's for a
 * sort or a window over every run and keeps it; capped, the operator spills to the temp folder.
 */
export async function limitMemory(db: Database, headroom: number): Promise<() => Promise<void>> {
  const [memory] = await db.query(loadSql('duckdb_memory_used'));
  await db.run(`SET memory_limit = '${Number(memory!.used) + headroom}B'`);
  return () => db.run('RESET memory_limit');
}

const sqlCache = new Map<string, string>();

/**
 * The text of `exporter/sql/<name>.sql`. A `-- @include other` line is replaced by that file's
 * text, so the metric aggregates are written once and shared by every grouped surface.
 */
export function loadSql(name: string): string {
  const cached = sqlCache.get(name);
  if (cached !== undefined) return cached;
  const text = readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8').replace(/^\s*-- @include ([a-z_]+)\s*$/gm, (_line, included: string) =>
    loadSql(included),
  );
  sqlCache.set(name, text);
  return text;
}
