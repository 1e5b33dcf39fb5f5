/** A query result as the SQL view shows it: column names and rows of plain cell values. */
export interface SqlResult {
  columns: string[];
  rows: SqlCell[][];
}

export type SqlCell = string | number | boolean | null;

/**
 * One result value as a plain cell: BIGINT as a number while it is exact, else as text; dates as
 * ISO text; lists and structs as JSON, so every cell renders (as text) and exports the same way.
 */
export function toCell(value: unknown): SqlCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

// RFC 4180: quote a field holding a comma, quote, CR or LF, doubling the quotes inside.
function csvField(cell: SqlCell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The result as CSV text (header line first, CRLF line ends as RFC 4180 has them; null as an empty field). */
export function resultCsv(result: SqlResult): string {
  const lines = [result.columns, ...result.rows].map((row) => row.map((cell) => csvField(cell)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Rows of objects → CSV text for the engine's CSV reader: nested objects become `parent.child`
 * columns, lists JSON text; columns in first-seen order; a key a row lacks is an empty field (null).
 */
export function rowsCsv(rows: readonly unknown[]): string {
  const flat = rows.map((row) => flatten(row as Record<string, unknown>, ''));
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  return resultCsv({ columns, rows: flat.map((row) => columns.map((column) => toCell(row[column]))) });
}

function flatten(value: Record<string, unknown>, prefix: string, out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) flatten(item as Record<string, unknown>, `${prefix}${key}.`, out);
    else out[`${prefix}${key}`] = item;
  }
  return out;
}
