import type { IndexManifest } from '../../schema/surfaces/index-manifest.ts';
import type { ParquetColumn } from './parquet-table.ts';

/** A table the SQL view offers: its name in SQL and the data/ files behind it. */
export interface SqlTable {
  name: string;
  /** runs.parquet for `runs`; the surface's file for the others. */
  file: string;
  kind: 'runs' | 'surface';
  /** Rows the table will hold (the manifest's count). */
  rows: number;
  /** The file's size (the manifest's): what the page downloads to load the table. */
  bytes: number;
}

/**
 * The tables for the manifest's files: `runs` (runs.parquet), and one table per
 * JSON surface holding its `rows`. Only listed files become tables, so a query reads nothing the
 * export did not write.
 */
export function sqlTables(index: IndexManifest): SqlTable[] {
  const tables: SqlTable[] = [];
  for (const entry of index.files) {
    const { path, rows, bytes } = entry;
    if (path === 'runs.parquet') tables.push({ name: 'runs', file: path, kind: 'runs', rows, bytes });
    else if (path.endsWith('.json') && !path.includes('/')) tables.push({ name: entry.surface, file: path, kind: 'surface', rows, bytes });
  }
  return tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

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

const identifier = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** An empty table with the Parquet file's columns and types, filled by `typedCsvInsertSql` a batch at a time. */
export function typedTableSql(name: string, columns: readonly ParquetColumn[]): string {
  return `CREATE OR REPLACE TABLE ${identifier(name)} (${columns.map((column) => `${identifier(column.name)} ${column.type}`).join(', ')})`;
}

/**
 * Appends CSV text to that table with its columns' types given, nothing inferred; quoted nulls
 * off, so a quoted empty field is an empty string and only an unquoted one is null.
 */
export function typedCsvInsertSql(name: string, path: string, columns: readonly ParquetColumn[]): string {
  const types = columns.map((column) => `${literal(column.name)}: ${literal(column.type)}`).join(', ');
  return `INSERT INTO ${identifier(name)} SELECT * FROM read_csv(${literal(path)}, header = true, columns = {${types}}, allow_quoted_nulls = false)`;
}
