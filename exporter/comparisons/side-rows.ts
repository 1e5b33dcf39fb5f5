import type { SqlValue } from '../duckdb.ts';
import type { ComparableRun } from '../../core/paired/run-row.ts';

/** What a fetched value must be: `index` is a non-negative integer (a key number of exporter/comparisons/run-pass.ts). */
export type ColumnKind = 'string' | 'string?' | 'integer' | 'index' | 'number' | 'number?' | 'boolean';

/** How each fetched column must look: the same rules as ComparableRunSchema, checked a column at a time. */
export const COLUMN_KINDS: Record<keyof ComparableRun, ColumnKind> = {
  run_id: 'string',
  recorded_at: 'string',
  model: 'string',
  experiment: 'string',
  task_id: 'string',
  arm: 'string',
  repeat: 'integer',
  sample: 'integer',
  power_level: 'string',
  applied_w: 'number?',
  passed: 'boolean',
  score: 'number',
  format_score: 'number?',
  output_tokens: 'number?',
  wall_ms: 'number?',
  joules: 'number?',
  usd: 'number?',
  simulated: 'boolean',
  harness_suspect: 'string?',
};

const FIELDS = Object.keys(COLUMN_KINDS) as (keyof ComparableRun)[];

export function fits(kind: ColumnKind, value: SqlValue | undefined): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'string?':
      return value === null || typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'index':
      return Number.isInteger(value) && (value as number) >= 0;
    case 'number':
      return typeof value === 'number';
    case 'number?':
      return value === null || typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/**
 * Comparison runs from query columns (exporter/sql/dual_scoring_runs.sql),
 * with `fixed` supplying the fields the query filtered on instead of fetching them for every row:
 * fetching values out of DuckDB costs microseconds each, and a side at 1M records is ~10k runs.
 * Every value is checked against its field's type; a bad one is a bug in the SQL, so it throws.
 */
export function runsFromColumns(rows: number, columns: Record<string, SqlValue[]>, fixed: Partial<ComparableRun> = {}): ComparableRun[] {
  const fetched = FIELDS.filter((field) => !(field in fixed));
  for (const field of fetched) {
    const column = columns[field];
    if (column === undefined) throw new Error(`comparison rows: column ${field} is missing`);
    const kind = COLUMN_KINDS[field];
    for (let i = 0; i < rows; i++) {
      if (!fits(kind, column[i])) throw new Error(`comparison rows: row ${i}: ${field}: expected ${kind}, got ${JSON.stringify(column[i])}`);
    }
  }
  for (const [field, value] of Object.entries(fixed)) {
    if (!fits(COLUMN_KINDS[field as keyof ComparableRun], value as SqlValue))
      throw new Error(`comparison rows: ${field}: expected ${COLUMN_KINDS[field as keyof ComparableRun]}`);
  }
  const sources = FIELDS.map((field) => (field in fixed ? { field, value: fixed[field] } : { field, column: columns[field]! }));
  const runs = new Array<ComparableRun>(rows);
  for (let i = 0; i < rows; i++) {
    // Built field by field in schema order so every run has the same shape (and hidden class).
    const run = {} as Record<string, unknown>;
    for (const source of sources) run[source.field] = source.column === undefined ? source.value : source.column[i];
    runs[i] = run as ComparableRun;
  }
  return runs;
}
