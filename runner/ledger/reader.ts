import { existsSync, readFileSync } from 'node:fs';
import { RunRecordSchema } from '../../schema/run-record.ts';

/** What a resumed sweep needs to know about the ledger it appends to. */
export interface LedgerScan {
  /** run_ids of valid records of this sweep. */
  runIds: Set<string>;
  /**
   * The final picture: for each run_id its highest attempt (`attempt`, absent = 0) and whether
   * that record is a transport failure. A retried run supersedes its earlier attempts.
   */
  latest: Map<string, LatestAttempt>;
  /** Complete lines in the file (the torn tail not counted). */
  lines: number;
  /** Complete lines that are not valid records of this sweep: reported, left in place. */
  invalid: Array<{ line: number; reason: string }>;
  /** Records whose run_id and attempt were both already seen earlier in the file. */
  duplicates: number;
  /** The last line when it has no trailing newline: an interrupted write. */
  torn: { line: number; bytes: number; counted: boolean } | null;
}

/** The record of a run that stands in the final picture. */
export interface LatestAttempt {
  attempt: number;
  transport: boolean;
}

/**
 * Reads a ledger's text (pure). A torn last line is kept out of `lines`; if it happens to parse
 * as a whole valid record (the newline alone was lost) its run is counted as done, so it is not
 * run twice once the newline is restored.
 */
export function scanLedgerText(text: string, sweepId: string): LedgerScan {
  const scan: LedgerScan = { runIds: new Set(), latest: new Map(), lines: 0, invalid: [], duplicates: 0, torn: null };
  if (text === '') return scan;
  // `run_id#attempt` of every record seen: the same try twice is a duplicate, a higher attempt is not.
  const tries = new Set<string>();
  const parts = text.split('\n');
  const tail = parts.pop()!;
  parts.forEach((line, index) => {
    scan.lines++;
    const reason = accept(line, sweepId, scan, tries);
    if (reason) scan.invalid.push({ line: index + 1, reason });
  });
  if (tail !== '') {
    const counted = accept(tail, sweepId, scan, tries) === null;
    scan.torn = { line: parts.length + 1, bytes: Buffer.byteLength(tail), counted };
  }
  return scan;
}

/** Adds the line's run_id when it is a valid record of this sweep; else returns why not. */
function accept(line: string, sweepId: string, scan: LedgerScan, tries: Set<string>): string | null {
  if (line.trim() === '') return 'empty line';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  const parsed = RunRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
  }
  if (parsed.data.sweep_id !== sweepId) return `record of another sweep (${parsed.data.sweep_id})`;
  const { run_id: runId, attempt = 0, failure } = parsed.data;
  if (tries.has(`${runId}#${attempt}`)) scan.duplicates++;
  tries.add(`${runId}#${attempt}`);
  scan.runIds.add(runId);
  const standing = scan.latest.get(runId);
  if (!standing || attempt > standing.attempt) scan.latest.set(runId, { attempt, transport: failure?.stage === 'transport' });
  return null;
}

/** Scans a ledger on disk; a missing file is an empty ledger (the sweep died before its first run). */
export function scanLedger(path: string, sweepId: string): LedgerScan {
  if (!existsSync(path)) return scanLedgerText('', sweepId);
  return scanLedgerText(readFileSync(path, 'utf8'), sweepId);
}
