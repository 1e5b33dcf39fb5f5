import type { FlatRun } from './flatten.ts';

/**
 * Rows → CSV text: strings always quoted (so an empty string stays empty), `\\N` for null,
 * numbers in JavaScript's shortest round-trip form, which DuckDB reads back to the same double.
 */
export function toCsv(rows: readonly FlatRun[]): string {
  let text = '';
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (c > 0) text += ',';
      if (value === null || value === undefined) text += '\\N';
      else if (typeof value === 'string') text += `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
      else text += String(value);
    }
    text += '\n';
  }
  return text;
}
