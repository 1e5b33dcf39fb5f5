import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../../lib/cli-error.ts';

/**
 * The run ids already recorded in the ledgers of one folder, by file: how a second import of the
 * same source finds that it would add nothing. Lines that do not parse are someone else's problem
 * (the exporter's verification lists them); here they simply hold no id.
 */
export function runIdsInFolder(folder: string): Map<string, string> {
  const owner = new Map<string, string>();
  if (!existsSync(folder)) return owner;
  for (const name of readdirSync(folder)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    const file = path.join(folder, name);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const id = (JSON.parse(line) as { run_id?: unknown }).run_id;
        if (typeof id === 'string' && !owner.has(id)) owner.set(id, file);
      } catch {
        // Not a record: no id to match.
      }
    }
  }
  return owner;
}

/**
 * Writes a new ledger whole or not at all: every line into a temporary file in the same folder,
 * synced, then hard-linked to its name (which fails if the name exists, so an existing ledger is
 * never replaced, even by a race) and the temporary name removed.
 */
export function writeLedgerWhole(out: string, lines: readonly string[]): void {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, lines.join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `${out}: already exists; import never writes into an existing ledger: pick another --out`
        : `${out}: cannot create the ledger (${code ?? String(error)})`,
    );
  } finally {
    unlinkSync(temp);
  }
}
