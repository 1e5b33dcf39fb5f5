import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import { RUN_SCHEMA, RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';
import { compileRecordCheck } from '../../schema/run-record-check.ts';
import type { RejectedLine } from '../../schema/surfaces/verification.ts';

export type LineVerdict =
  | { ok: true; record: RunRecord }
  | { ok: false; kind: Exclude<RejectedLine['kind'], 'duplicate_run_id'>; reason: string; runId: string | null };

/**
 * A ledger line's bytes may not exceed this: a run shard holds a record whole, and no data/ file may
 * pass 50 MB. Real records are a few KB (a long reasoning trace, a few hundred KB).
 */
export const MAX_LINE_BYTES = 16 << 20;

/**
 * Judges one ledger line's bytes on its own (pure): too large, not UTF-8, then as `validateLine`.
 * Invalid UTF-8 is rejected, not replaced: the record is evidence, and a silently altered answer
 * text could be graded or shown differently from what the model sent (docs/verification.md).
 */
export function validateBytes(bytes: Buffer, terminated: boolean): LineVerdict {
  if (bytes.byteLength > MAX_LINE_BYTES) {
    const mb = (bytes.byteLength / 2 ** 20).toFixed(1);
    return { ok: false, kind: 'size', reason: `line is ${mb} MiB, over the ${MAX_LINE_BYTES >> 20} MiB a record may take`, runId: null };
  }
  const text = bytes.toString('utf8');
  // Decoding replaces bad bytes with U+FFFD; only then is the (slower) exact check needed.
  if (text.includes('\uFFFD') && !isUtf8(bytes)) {
    const at = firstInvalidByte(bytes);
    return { ok: false, kind: 'encoding', reason: `not valid UTF-8 (first bad byte at column ${at + 1})`, runId: null };
  }
  return validateLine(text, terminated);
}

/** Index of the first byte that does not start a well-formed character (only called on invalid lines). */
function firstInvalidByte(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.byteLength) {
    const lead = bytes[at]!;
    const extra = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (extra < 0 || !isUtf8(bytes.subarray(at, at + extra + 1))) return at;
    at += extra + 1;
  }
  return at;
}

/**
 * Judges one ledger line on its own (pure): empty, not JSON, another schema version, or a zod
 * failure reported as `dotted.path: what was expected`. Duplicates need the whole ledger set and
 * are judged by the loader.
 */
export function validateLine(text: string, terminated: boolean): LineVerdict {
  if (text.trim() === '') return { ok: false, kind: 'empty', reason: 'empty line (skipped)', runId: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's own message differs between Node versions; a fixed reason keeps exports identical.
    const reason = terminated ? 'not valid JSON' : 'not valid JSON (torn final line: no trailing newline)';
    return { ok: false, kind: 'json', reason, runId: null };
  }
  const runId = runIdOf(value);
  // A `\ud800` escape is valid JSON but no character: UTF-8 cannot hold it, and the surfaces
  // (through DuckDB) and the shards would spell it differently. Only lines with such an escape are walked.
  if (SURROGATE_ESCAPE.test(text) && hasLoneSurrogate(value)) {
    return { ok: false, kind: 'encoding', reason: 'a string holds a lone UTF-16 surrogate (\\ud800–\\udfff escape), which is not a character', runId };
  }
  const schema = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).schema : undefined;
  if (schema !== RUN_SCHEMA) {
    const got = schema === undefined ? 'no schema field' : JSON.stringify(schema);
    return { ok: false, kind: 'schema_version', reason: `schema: expected "${RUN_SCHEMA}", got ${got}`, runId };
  }
  // Most records are exactly what zod would return: the generated check (about a tenth of zod's
  // cost) says so, and only the rest are parsed by zod, which words any rejection.
  if (isCertainRecord(value)) return { ok: true, record: value };
  const parsed = RunRecordSchema.safeParse(value);
  if (!parsed.success) return { ok: false, kind: 'schema', reason: describeIssues(parsed.error.issues), runId };
  return { ok: true, record: parsed.data };
}

const isCertainRecord = compileRecordCheck();

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether any string (key or value) in a parsed JSON value holds an unpaired surrogate; iterative, so depth cannot overflow. */
function hasLoneSurrogate(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return true;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (LONE_SURROGATE.test(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

function runIdOf(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  const id = (value as Record<string, unknown>).run_id;
  return typeof id === 'string' ? id : null;
}

/** `model.name: expected string, got number; repeat: ...` — the first three issues, located. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(record)'}: ${describeIssue(issue)}`);
  if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
  return shown.join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    // zod's message reads "Invalid input: expected string, received number"; keep the useful part.
    const received = /received (\w+)/.exec(issue.message)?.[1];
    return received === undefined ? `expected ${issue.expected}` : `expected ${issue.expected}, got ${received}`;
  }
  return issue.message;
}
