/**
 * JSON objects inside model prose, for `fields@1`. Pure. Models wrap JSON in ```json fences,
 * in bare fences, or drop it into a sentence; all three are read, fences first.
 */

export type JsonObject = Record<string, unknown>;

/** The object found, or why none was: `error` is the last parse error seen, for the check detail. */
export type JsonSearch = { found: true; value: JsonObject; source: 'fenced' | 'inline' } | { found: false; error: string };

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function tryParse(text: string): { value?: JsonObject; error?: string } {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { value } : { error: 'the JSON is not an object' };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Bodies of fenced code blocks, ```json ones before the rest. */
function fencedBlocks(text: string): string[] {
  const blocks = [...text.matchAll(/```[ \t]*([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)```/g)];
  const json = blocks.filter((b) => b[1]!.toLowerCase() === 'json');
  const other = blocks.filter((b) => b[1]!.toLowerCase() !== 'json');
  return [...json, ...other].map((b) => b[2]!);
}

/**
 * The end (exclusive) of the balanced `{...}` starting at `start`, skipping braces inside
 * JSON strings; -1 when it never closes.
 */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The first JSON object in a fenced block, else the first balanced `{...}` span in the text that parses. */
export function findJsonObject(text: string): JsonSearch {
  let error = 'no JSON object in the response';
  for (const block of fencedBlocks(text)) {
    const parsed = tryParse(block.trim());
    if (parsed.value) return { found: true, value: parsed.value, source: 'fenced' };
    error = parsed.error!;
  }
  // A balanced span that does not parse is skipped whole: the objects nested in a broken JSON
  // are not the answer's JSON. A span that never closes is a cut-off answer: stop there.
  for (let start = text.indexOf('{'); start >= 0; ) {
    const end = balancedEnd(text, start);
    if (end < 0) {
      error = `unbalanced braces: a JSON object never closes${error.startsWith('no JSON') ? '' : ` (${error})`}`;
      break;
    }
    const parsed = tryParse(text.slice(start, end));
    if (parsed.value) return { found: true, value: parsed.value, source: 'inline' };
    error = parsed.error!;
    start = text.indexOf('{', end);
  }
  return { found: false, error };
}

/** `a.b.0.c` into an object; array elements by index. */
export function getPath(root: unknown, path: string): { present: true; value: unknown } | { present: false } {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (isObject(current) && Object.hasOwn(current, key)) current = current[key];
    else return { present: false };
  }
  return { present: true, value: current };
}

/** The JSON type name of a value: string, number, boolean, array, object or null. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Deep equality of JSON values; numbers equal within 1e-9 relative (0.1 + 0.2 = 0.3). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return a === b;
}
