/** Deterministic ordering of text keys shared by the exporter and the site: code-unit string order, nulls first. */

type Sortable = string | number | boolean | null | undefined;

/** Compares two sortable values: nulls first, numbers numerically, strings by code unit (never locale). */
export function compareValues(a: Sortable, b: Sortable): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  if (x < y) return -1;
  return x > y ? 1 : 0;
}
