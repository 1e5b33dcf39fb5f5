/// <reference types="vite/client" />
/**
 * DuckDB-WASM for the SQL view, loaded only when that view opens (it imports this module with
 * `import()`): the engine is a 34 MB WebAssembly file and a worker script, both bundled by vite
 * from node_modules (`?url` imports, hashed into assets/ next to the site; no CDN), so the site
 * works offline, under any sub-path and with the page's content security policy, which allows
 * `'wasm-unsafe-eval'` for exactly this. One bundle: the "eh" build (WebAssembly exception
 * handling, in every current browser engine); the pthread build would need cross-origin isolation
 * headers that GitHub Pages cannot send.
 *
 * DuckDB-WASM 1.32 keeps its Parquet and JSON readers in extensions that it would download from
 * DuckDB's extension CDN. Extension loading is switched off: nothing is fetched from anywhere but
 * the site. So the page reads runs.parquet itself, with hyparquet (plain JavaScript, no eval;
 * loaded with this module, so only by the SQL view), and hands its rows to the engine's built-in
 * CSV reader with each column's type taken from the file's schema (docs/ui.md, "SQL").
 */
import { AsyncDuckDB, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { rowsCsv, toCell, type SqlResult } from './csv.ts';
import { openParquetFile, parquetCsv } from './parquet-table.ts';
import { csvTableSql, rowsOf, typedCsvInsertSql, typedTableSql, type SqlTable } from './tables.ts';

/** An open engine with the export's files registered as tables. */
export interface SqlEngine {
  /** Runs one SQL text (several statements: the last one's result) and returns its rows as plain cells. */
  query(sql: string): Promise<SqlResult>;
}

/**
 * Rows of runs.parquet handed to the engine at once: one row group of the exporter's, so the CSV
 * text of a batch stays tens of MB however many runs the file holds (a JavaScript string cannot
 * pass about 512 MB).
 */
const LOAD_BATCH_ROWS = 100_000;

/** Absolute URL of a file: the worker resolves URLs against its own script, not the page. */
const absolute = (url: string) => new URL(url, document.baseURI).href;

/**
 * Starts the worker and instantiates DuckDB. A table is loaded the first time a query names it:
 * runs.parquet is fetched and decoded by hyparquet, then handed over as CSV with the Parquet
 * types, a batch of rows at a time; a JSON surface's rows are handed over as CSV whose types the engine infers (nested
 * fields become `parent.child` columns).
 */
export async function openSqlEngine(tables: readonly SqlTable[], urlOf: (file: string) => string): Promise<SqlEngine> {
  const worker = new Worker(absolute(workerUrl));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(absolute(wasmUrl));
  const connection = await db.connect();
  await connection.query('SET autoinstall_known_extensions = false');
  await connection.query('SET autoload_known_extensions = false');
  const pending = new Map(tables.map((table) => [table.name, table]));

  const fetchFile = async (file: string) => {
    const response = await fetch(absolute(urlOf(file)));
    if (!response.ok) throw new Error(`data/${file}: HTTP ${response.status}; export again and rebuild the site`);
    return response;
  };
  const insertCsv = async (path: string, csv: string, createSql: string) => {
    await db.registerFileText(path, csv);
    await connection.query(createSql);
    await db.dropFile(path);
  };
  const load = async (table: SqlTable) => {
    const path = `${table.name}.rows.csv`;
    if (table.kind === 'surface') {
      await insertCsv(path, rowsCsv(rowsOf(await (await fetchFile(table.file)).json())), csvTableSql(table.name, path));
    } else {
      const parquet = openParquetFile(await (await fetchFile(table.file)).arrayBuffer());
      await connection.query(typedTableSql(table.name, parquet.columns));
      for (let start = 0; start < parquet.rowCount; start += LOAD_BATCH_ROWS) {
        const rows = await parquet.rows(start, Math.min(start + LOAD_BATCH_ROWS, parquet.rowCount));
        await insertCsv(path, parquetCsv(parquet.columns, rows), typedCsvInsertSql(table.name, path, parquet.columns));
      }
    }
    pending.delete(table.name);
  };

  return {
    async query(sql) {
      for (const name of await namedTables(connection, sql)) {
        const table = pending.get(name);
        if (table !== undefined) await load(table);
      }
      const result = await connection.query(sql);
      const columns = result.schema.fields.map((field) => field.name);
      const rows = result.toArray().map((row) => {
        const values = row.toJSON() as Record<string, unknown>;
        return columns.map((column) => toCell(values[column]));
      });
      return { columns, rows };
    },
  };
}

/** The tables a query names; none when it does not parse (running it then reports the error). */
async function namedTables(connection: AsyncDuckDBConnection, sql: string): Promise<string[]> {
  try {
    return await connection.getTableNames(sql);
  } catch {
    return [];
  }
}
