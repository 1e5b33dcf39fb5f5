export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: string;
  direction: SortDirection;
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

/**
 * A stable sort by one key. Missing values (null: "not measured") go last in both directions,
 * so reversing a column never puts unknowns at the top as if they were the best.
 */
export function sortRows<Row>(rows: readonly Row[], state: SortState, value: (row: Row, key: string) => unknown): Row[] {
  const sign = state.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row, state.key) }))
    .sort((a, b) => {
      const aMissing = isMissing(a.v);
      const bMissing = isMissing(b.v);
      if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
      return sign * compareValues(a.v, b.v) || a.index - b.index;
    })
    .map((entry) => entry.row);
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
