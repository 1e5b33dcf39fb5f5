/** Deterministic ordering and ranking for surface rows: code-unit string order, nulls first. */

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

/** A comparator over several row fields in turn; prefix a field with `-` to sort it descending. */
export function byFields<Row>(...fields: string[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const field of fields) {
      const descending = field.startsWith('-');
      const name = descending ? field.slice(1) : field;
      const order = compareValues((a as Record<string, Sortable>)[name], (b as Record<string, Sortable>)[name]);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  };
}
