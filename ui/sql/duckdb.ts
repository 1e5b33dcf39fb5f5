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
 * the site. So `runs` reads runs.parquet only when the engine has a Parquet reader; otherwise it is
 * built from the run shards (the same accepted runs, flattened in the page by ui/sql/run-row.ts),
 * and the view says which (docs/ui.md, "SQL").
 */
import { AsyncDuckDB, DuckDBDataProtocol, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { RunRecord } from '../../schema/run-record.ts';
import { rowsCsv, toCell, type SqlResult } from './csv.ts';
import { runRow } from './run-row.ts';
import { MAX_SHARD_RUNS, csvTableSql, parquetViewSql, rowsOf, type SqlTable } from './tables.ts';

/** An open engine with the export's files registered as tables. */
export interface SqlEngine {
  /** Where `runs` comes from: `runs.parquet`, or `run shards` when this engine cannot read Parquet. */
  runsSource: 'runs.parquet' | 'run shards';
  /** Runs one SQL text (several statements: the last one's result) and returns its rows as plain cells. */
  query(sql: string): Promise<SqlResult>;
}

/** Absolute URL of a file: the worker resolves URLs against its own script, not the page. */
const absolute = (url: string) => new URL(url, document.baseURI).href;

/**
 * Starts the worker and instantiates DuckDB. A table is loaded the first time a query names it:
 * runs.parquet becomes a view over its URL (read with Range requests); a JSON surface's rows, and
 * the run shards' records, are fetched by the page and handed to the engine as CSV (its CSV reader
 * is built in; nested fields become `parent.child` columns).
 */
export async function openSqlEngine(tables: readonly SqlTable[], urlOf: (file: string) => string): Promise<SqlEngine> {
  const worker = new Worker(absolute(workerUrl));
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  await db.instantiate(absolute(wasmUrl));
  const connection = await db.connect();
  await connection.query('SET autoinstall_known_extensions = false');
  await connection.query('SET autoload_known_extensions = false');
  const parquet =
    Number((await connection.query("SELECT count(*) AS n FROM duckdb_functions() WHERE function_name = 'read_parquet'")).toArray()[0]?.n ?? 0) > 0;
  const pending = new Map(tables.map((table) => [table.name, table]));

  const fetchRows = async (file: string) => {
    const response = await fetch(absolute(urlOf(file)));
    if (!response.ok) throw new Error(`data/${file}: HTTP ${response.status}; export again and rebuild the site`);
    return rowsOf(await response.json());
  };
  const insertRows = async (name: string, rows: unknown[]) => {
    const path = `${name}.rows.csv`;
    await db.registerFileText(path, rowsCsv(rows));
    await connection.query(csvTableSql(name, path));
    await db.dropFile(path);
  };
  const load = async (table: SqlTable) => {
    if (table.kind === 'surface') await insertRows(table.name, await fetchRows(table.file));
    else if (parquet) {
      await db.registerFileURL(table.file, absolute(urlOf(table.file)), DuckDBDataProtocol.HTTP, false);
      await connection.query(parquetViewSql(table));
    } else {
      if (table.rows > MAX_SHARD_RUNS) {
        throw new Error(
          `runs has ${table.rows} runs, too many to load into the page from the run shards (the limit is ${MAX_SHARD_RUNS}); ` +
            'download runs.parquet and query it with DuckDB, pandas or polars',
        );
      }
      const shards = await Promise.all(table.shards.map((shard) => fetchRows(shard)));
      const rows = shards.flat().map((record) => runRow(record as RunRecord));
      // Ordered as runs.parquet is, so an unordered query shows the same rows first.
      rows.sort((a, b) => (String(a.run_id) < String(b.run_id) ? -1 : 1));
      await insertRows(table.name, rows);
    }
    pending.delete(table.name);
  };

  return {
    runsSource: parquet ? 'runs.parquet' : 'run shards',
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
