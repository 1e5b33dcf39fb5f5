/**
 * Pure helpers for the CSV nvidia-smi prints with `--format=csv[,noheader][,nounits]`.
 * Rows separate fields with ", "; a field without a reading prints as `[N/A]` or
 * `[Not Supported]` (older drivers drop the brackets); without `nounits` numbers carry a unit.
 */

// Every placeholder a field can hold instead of a reading; all of them mean "no value".
const MISSING = /^\[?(n\/a|not supported|unknown error|insufficient permissions|not found|gpu requires reset|gpu is lost)\]?$/i;

/** Splits one CSV row into trimmed fields (nvidia-smi never quotes; GPU names hold no commas). */
export function splitCsvRow(line: string): string[] {
  return line.split(',').map((field) => field.trim());
}

/** True when the field is one of nvidia-smi's "no reading" placeholders. */
export function isMissing(field: string): boolean {
  return MISSING.test(field.trim());
}

/**
 * A numeric reading, with or without its unit (`300.00 W`, `81559 MiB`, `12345 mJ`), or null
 * for a placeholder or anything that is not a number.
 */
export function parseReading(field: string | undefined): number | null {
  if (field === undefined) return null;
  const text = field.trim();
  if (text === '' || isMissing(text)) return null;
  const match = /^(-?\d+(?:\.\d+)?)(?:\s*[A-Za-z%/]+)?$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

/** A text field, or null for a placeholder. */
export function parseText(field: string | undefined): string | null {
  if (field === undefined) return null;
  const text = field.trim();
  return text === '' || isMissing(text) ? null : text;
}

/**
 * nvidia-smi's `timestamp` field (`2026/11/23 18:02:12.345`, local time) as epoch milliseconds,
 * or null when it does not have that shape.
 */
export function parseSmiTimestamp(field: string): number | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(field.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match;
  const millis = ms === undefined ? 0 : Number(ms.padEnd(3, '0'));
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

/** Formats watts the way `-pl` takes them: two decimals, no unit. */
export function formatWatts(watts: number): string {
  return watts.toFixed(2);
}
