import type { z } from 'zod';
import { RUN_SCHEMA, RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';
import type { RejectedLine } from '../../schema/surfaces/verification.ts';

export type LineVerdict =
  | { ok: true; record: RunRecord }
  | { ok: false; kind: Exclude<RejectedLine['kind'], 'duplicate_run_id'>; reason: string; runId: string | null };

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
  const schema = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).schema : undefined;
  if (schema !== RUN_SCHEMA) {
    const got = schema === undefined ? 'no schema field' : JSON.stringify(schema);
    return { ok: false, kind: 'schema_version', reason: `schema: expected "${RUN_SCHEMA}", got ${got}`, runId };
  }
  const parsed = RunRecordSchema.safeParse(value);
  if (!parsed.success) return { ok: false, kind: 'schema', reason: describeIssues(parsed.error.issues), runId };
  return { ok: true, record: parsed.data };
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
