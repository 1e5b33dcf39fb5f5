/** Deterministic ordering and ranking for surface rows: code-unit string order, nulls first. */

import { compareValues } from '../../core/order.ts';

export { compareValues };

type Sortable = string | number | boolean | null | undefined;

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
