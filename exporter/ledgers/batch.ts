import type { RejectedLine } from '../../schema/surfaces/verification.ts';
import { canonicalJson } from './canonical.ts';
import { csvFields } from './csv.ts';
import { flattenRecord } from './flatten.ts';
import type { RecordWriter } from './record-store.ts';
import { validateBytes } from './validate.ts';

/**
 * A run of whole lines of one ledger, cut by the loader at a newline (the last batch of a file may
 * end without one: a torn final line). Judged on its own, in the loader's thread or a worker's.
 */
export interface LineBatch {
  bytes: Uint8Array;
  ledgerIndex: number;
  /** Number of the batch's first line in its file (1-based). */
  firstLine: number;
  /** Byte offset of the batch's first byte in its file. */
  byteOffset: number;
}

/** What the loader needs of an accepted record: its `runs` row as CSV text, its normalised text, and the task text. */
export interface AcceptedLine {
  ok: true;
  line: number;
  runId: string;
  /** `attempt`, 0 when absent: the highest attempt of a run_id stands. */
  attempt: number;
  simulated: boolean;
  /** The record's `runs` row as CSV fields up to `line`, without a newline: the loader adds the record-store position. */
  csv: string;
  /** Where the record's normalised text (exporter/ledgers/canonical.ts) sits in the batch's `records`. */
  jsonOffset: number;
  jsonBytes: number;
  experiment: string;
  taskId: string;
  taskHash: string;
  arm: string;
  prompt: string | null;
  success: string | null;
}

export interface RejectedBatchLine {
  ok: false;
  line: number;
  kind: Exclude<RejectedLine['kind'], 'duplicate_run_id'>;
  reason: string;
  runId: string | null;
}

export type JudgedLine = AcceptedLine | RejectedBatchLine;

export interface BatchResult {
  /** Every line of the batch, in order. */
  lines: JudgedLine[];
  /** The accepted records' normalised text, UTF-8, one after another (emptied once stored). */
  records: Uint8Array;
  /** Packed record-store position of `records`' first byte, once the judging thread stored them (exporter/ledgers/record-store.ts). */
  recordsAt: number | null;
  /** Number of the batch's last line (firstLine − 1 when it holds none). */
  lastLine: number;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Judges a batch and appends its records' text to `writer`, on the calling thread: the bytes never
 * travel to another thread. Without a writer the text stays in the result.
 */
export function judgeAndStore(batch: LineBatch, writer: RecordWriter | null): BatchResult {
  const result = judgeBatch(batch);
  if (writer === null) return result;
  return { ...result, records: EMPTY, recordsAt: writer.append(result.records) };
}

const EMPTY = new Uint8Array(0);

/**
 * Splits a batch into lines (as `splitLines` does: a `\r` before the newline is not text, a final
 * line without a newline is unterminated) and validates and flattens each (pure). Duplicates need
 * every earlier batch, so the loader judges them when it takes the results in order.
 */
export function judgeBatch(batch: LineBatch): BatchResult {
  const buffer = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const lines: JudgedLine[] = [];
  const texts: string[] = [];
  let textBytes = 0;
  let line = batch.firstLine - 1;
  let start = 0;
  while (start < buffer.length) {
    const newline = buffer.indexOf(NEWLINE, start);
    const terminated = newline !== -1;
    const stop = terminated ? newline : buffer.length;
    const end = terminated && stop > start && buffer[stop - 1] === RETURN ? stop - 1 : stop;
    line += 1;
    // Editors on some systems start a UTF-8 file with a byte-order mark; it is not part of the record.
    const bom = batch.byteOffset === 0 && start === 0 && end >= 3 && BOM.every((byte, i) => buffer[i] === byte) ? 3 : 0;
    const judged = judgeLine(buffer.subarray(start + bom, end), terminated, batch, line, textBytes);
    if (judged.ok) {
      texts.push(judged.json);
      textBytes += judged.line.jsonBytes;
    }
    lines.push(judged.ok ? judged.line : judged);
    start = stop + 1;
  }
  // A plain Uint8Array of its own (not Buffer's shared pool): the same after a worker posts it.
  const records = new Uint8Array(textBytes);
  const view = Buffer.from(records.buffer);
  let at = 0;
  for (const text of texts) at += view.write(text, at);
  return { lines, records, recordsAt: null, lastLine: line };
}

function judgeLine(
  bytes: Buffer,
  terminated: boolean,
  batch: LineBatch,
  line: number,
  jsonOffset: number,
): RejectedBatchLine | { ok: true; line: AcceptedLine; json: string } {
  const verdict = validateBytes(bytes, terminated);
  if (!verdict.ok) return { ok: false, line, kind: verdict.kind, reason: verdict.reason, runId: verdict.runId };
  const record = verdict.record;
  const json = canonicalJson(record);
  const accepted: AcceptedLine = {
    ok: true,
    line,
    runId: record.run_id,
    attempt: record.attempt ?? 0,
    simulated: record.simulated,
    csv: csvFields(flattenRecord(record, { ledgerIndex: batch.ledgerIndex, line })),
    jsonOffset,
    jsonBytes: Buffer.byteLength(json),
    experiment: record.experiment,
    taskId: record.task.id,
    taskHash: record.task.hash,
    arm: record.arm,
    prompt: record.request?.prompt ?? null,
    success: record.task.success ?? null,
  };
  return { ok: true, line: accepted, json };
}
