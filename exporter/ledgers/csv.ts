import type { FlatRun } from './flatten.ts';

/**
 * Rows → CSV text: strings always quoted (so an empty string stays empty), `\\N` for null,
 * numbers in JavaScript's shortest round-trip form, which DuckDB reads back to the same double.
 */
export function toCsv(rows: readonly FlatRun[]): string {
  let text = '';
  for (const row of rows) text += `${csvFields(row)}\n`;
  return text;
}

/** One row's fields as CSV text, without the newline (the loader appends the record-store columns). */
export function csvFields(row: FlatRun): string {
  let text = '';
  for (let c = 0; c < row.length; c++) {
    const value = row[c];
    if (c > 0) text += ',';
    if (value === null || value === undefined) text += '\\N';
    else if (typeof value === 'string') text += `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
    else text += String(value);
  }
  return text;
}
