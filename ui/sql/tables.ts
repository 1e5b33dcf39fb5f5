import type { IndexManifest } from '../../schema/surfaces/index-manifest.ts';

/** A table the SQL view offers: its name in SQL and the data/ files behind it. */
export interface SqlTable {
  name: string;
  /** runs.parquet for `runs`; the surface's file for the others. */
  file: string;
  kind: 'runs' | 'surface';
  /** For `runs`: the run shards, which hold the same runs as records (read when the engine has no Parquet reader). */
  shards: string[];
  /** Rows the table will hold (the manifest's count). */
  rows: number;
}

/**
 * The tables for the manifest's files: `runs` (runs.parquet, or the run shards), and one table per
 * JSON surface holding its `rows`. Only listed files become tables, so a query reads nothing the
 * export did not write.
 */
export function sqlTables(index: IndexManifest): SqlTable[] {
  const tables: SqlTable[] = [];
  for (const entry of index.files) {
    const { path, rows } = entry;
    if (path === 'runs.parquet') tables.push({ name: 'runs', file: path, kind: 'runs', shards: index.run_shards.map((shard) => shard.path), rows });
    else if (path.endsWith('.json') && !path.includes('/')) tables.push({ name: entry.surface, file: path, kind: 'surface', shards: [], rows });
  }
  return tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The view that makes runs.parquet the `runs` table; DuckDB reads the file (by Range requests) only when a query names it. */
export function parquetViewSql(table: SqlTable): string {
  return `CREATE OR REPLACE VIEW "${table.name}" AS SELECT * FROM read_parquet(${literal(table.file)})`;
}

/** The `rows` list of a surface or run shard, checked to be one. */
export function rowsOf(body: unknown): unknown[] {
  const rows = (body as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new Error('the file has no rows list');
  return rows;
}

/** A table from CSV text the page registered: every row read to decide the column types. */
export function csvTableSql(name: string, path: string): string {
  return `CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM read_csv(${literal(path)}, header = true, sample_size = -1)`;
}

/** The most runs the page builds `runs` from run shards: past it the shards are hundreds of MB to download. */
export const MAX_SHARD_RUNS = 200_000;
