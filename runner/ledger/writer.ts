import { closeSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import { CliError } from '../../lib/cli-error.ts';
import { RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';

/** Appends run records to one ledger file; never rewrites, never truncates. */
export interface LedgerWriter {
  readonly path: string;
  /**
   * Validates, then writes the whole line with one write (from then on a killed process loses
   * nothing) and starts syncing it to disk in the background.
   */
  append(record: RunRecord): void;
  /** Waits until every appended line is on disk, then closes the file; rejects if a sync failed. */
  close(): Promise<void>;
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

/**
 * One writer per file. The fsync of a line runs on libuv's thread pool while the sweep sends its
 * next request: waiting for it (1–40 ms on a busy disk) between requests was most of the
 * harness's time per run. Syncs are coalesced: one in flight, one more queued behind it covers
 * every line written meanwhile. A failed sync is thrown by the next append or by close.
 */
function writerFor(path: string, fd: number): LedgerWriter {
  let open = true;
  let syncing: Promise<void> | null = null;
  let dirty = false;
  let failure: Error | null = null;
  const syncOnce = (): Promise<void> =>
    new Promise((resolve) => {
      dirty = false;
      fsync(fd, (error) => {
        if (error) failure ??= new Error(`${path}: fsync failed (${error.code ?? error.message})`);
        resolve();
      });
    });
  const sync = (): void => {
    if (syncing !== null) {
      dirty = true;
      return;
    }
    syncing = (async () => {
      do await syncOnce();
      while (dirty && failure === null);
      syncing = null;
    })();
  };
  return {
    path,
    append(record) {
      if (!open) throw new Error(`${path}: ledger already closed`);
      if (failure) throw failure;
      const line = Buffer.from(encodeRecord(record), 'utf8');
      // One write of the whole line: a crash leaves whole lines, at worst one torn tail.
      const written = writeSync(fd, line, 0, line.length);
      if (written !== line.length) throw new Error(`${path}: short write (${written} of ${line.length} bytes)`);
      sync();
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await syncing;
        // Covers a line appended after the last background sync began.
        if (failure === null) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (failure) throw failure;
    },
  };
}
