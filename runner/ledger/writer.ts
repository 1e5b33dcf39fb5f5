import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { CliError } from '../../lib/cli-error.ts';
import { RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';

/** Appends run records to one ledger file; never rewrites, never truncates. */
export interface LedgerWriter {
  readonly path: string;
  /** Validates, then writes the whole line with one write and syncs it to disk. */
  append(record: RunRecord): void;
  close(): void;
}

/**
 * The exact bytes of a record's line. Throws (a bug in the runner, not a user error) when the
 * record does not match `ledgerbench.run/1`, naming the first bad field.
 */
export function encodeRecord(record: RunRecord): string {
  const parsed = RunRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`run ${record.run_id}: record does not match ledgerbench.run/1 at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return `${JSON.stringify(parsed.data)}\n`;
}

/** A new ledger: fails rather than touch a file that already exists. */
export function createLedger(path: string): LedgerWriter {
  let fd: number;
  try {
    // 'ax': append-only and exclusive — a second sweep can never write into this file by accident.
    fd = openSync(path, 'ax');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${path}: ledger already exists; pick another --out or use --resume`);
    throw new CliError(`${path}: cannot create the ledger (${code ?? String(error)})`);
  }
  return writerFor(path, fd);
}

/**
 * An existing ledger, opened to append the runs a resumed sweep still owes. When its last line
 * was torn (no trailing newline), a newline is written first: the fragment stays as evidence and
 * the next record starts on a line of its own.
 */
export function reopenLedger(path: string, options: { endsMidLine: boolean }): LedgerWriter {
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw new CliError(`${path}: cannot open the ledger to resume (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (options.endsMidLine) {
    writeSync(fd, '\n');
    fsyncSync(fd);
  }
  return writerFor(path, fd);
}

function writerFor(path: string, fd: number): LedgerWriter {
  let open = true;
  return {
    path,
    append(record) {
      if (!open) throw new Error(`${path}: ledger already closed`);
      const line = Buffer.from(encodeRecord(record), 'utf8');
      // One write of the whole line, then fsync: a crash leaves whole lines, at worst one torn tail.
      const written = writeSync(fd, line, 0, line.length);
      if (written !== line.length) throw new Error(`${path}: short write (${written} of ${line.length} bytes)`);
      fsyncSync(fd);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
