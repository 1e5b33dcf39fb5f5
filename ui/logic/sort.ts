import * as aq from 'arquero';

export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: string;
  direction: SortDirection;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

const COLLATOR = new Intl.Collator('en', { numeric: true });

/**
 * The sort key of every value: numbers and booleans as numbers; text as its place among the
 * distinct texts in numeric collation (`task-2` before `task-10`), which arquero cannot express.
 */
function sortKeys(values: readonly unknown[]): number[] {
  const texts = [...new Set(values.filter((v) => !isMissing(v) && typeof v !== 'number' && typeof v !== 'boolean').map(String))].sort(COLLATOR.compare);
  const place = new Map(texts.map((text, i) => [text, i]));
  return values.map((v) => {
    if (isMissing(v)) return 0;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return Number(v);
    return place.get(String(v))!;
  });
}

/**
 * A stable sort by one key, done by arquero over (missing, key, original index). Missing values
 * (null: "not recorded") go last in both directions, so reversing a column never puts unknowns
 * at the top as if they were the best.
 */
export function sortRows<Row>(rows: readonly Row[], state: SortState, value: (row: Row, key: string) => unknown): Row[] {
  if (rows.length === 0) return [];
  const values = rows.map((row) => value(row, state.key));
  const table = aq.table({ index: rows.map((_, i) => i), missing: values.map((v) => (isMissing(v) ? 1 : 0)), key: sortKeys(values) });
  const ordered = table.orderby('missing', state.direction === 'ascending' ? 'key' : aq.desc('key'), 'index');
  return (ordered.array('index') as number[]).map((i) => rows[i]!);
}

/** Clicking a header: a new column sorts descending first for "higher is better" data, else ascending. */
export function nextSort(current: SortState | null, key: string, firstDirection: SortDirection = 'ascending'): SortState {
  if (current === null || current.key !== key) return { key, direction: firstDirection };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** Reads `?sort=pass_rate:descending` from the hash query. */
export function parseSort(text: string | undefined): SortState | null {
  if (text === undefined) return null;
  const [key, direction] = text.split(':');
  if (!key) return null;
  return { key, direction: direction === 'descending' ? 'descending' : 'ascending' };
}

export function formatSort(state: SortState | null): string | undefined {
  return state === null ? undefined : `${state.key}:${state.direction}`;
}

/** Orders strings by UTF-16 code units: locale-independent, so links and orders are the same everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
