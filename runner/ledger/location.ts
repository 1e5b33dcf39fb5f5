import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';

/** The deepest existing path at or above `path`, and whether it is a folder. */
function nearestExisting(path: string): { path: string; isDirectory: boolean } {
  let current = resolve(path);
  for (;;) {
    try {
      return { path: current, isDirectory: statSync(current).isDirectory() };
    } catch {
      const parent = dirname(current);
      if (parent === current) return { path: current, isDirectory: true };
      current = parent;
    }
  }
}

/**
 * Checks, before a sweep contacts anything, that its ledger can be created where asked: every
 * existing part of the ledger's folder is a folder, and an explicit `--out` names a file in a
 * folder that already exists (a typo in a path should not silently grow a new tree).
 */
export function checkLedgerLocation(ledgerPath: string, explicitOut: boolean): void {
  const folder = dirname(ledgerPath);
  const found = nearestExisting(folder);
  const flag = explicitOut ? '--out' : '--ledgers-dir';
  if (!found.isDirectory) {
    throw new CliError(`${flag}: ${found.path} is a file, not a folder, so ${ledgerPath} cannot be created; pick another ${flag}`);
  }
  if (explicitOut && found.path !== resolve(folder)) {
    throw new CliError(`--out ${ledgerPath}: folder ${folder} does not exist; create it first or use --ledgers-dir DIR`);
  }
}

/**
 * Creates the ledger's folder one level at a time. Node's recursive mkdir never returns on some
 * paths (under /proc it loops forever), and its errors are bare errno codes; here each failure is
 * one CliError line naming the folder.
 */
export function makeLedgerFolder(folder: string): void {
  const missing: string[] = [];
  let current = resolve(folder);
  while (nearestExisting(current).path !== current) {
    missing.unshift(current);
    current = dirname(current);
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (code === 'EEXIST') continue;
      throw new CliError(`${path}: cannot create the ledger folder (${code}); pick another --ledgers-dir or --out`);
    }
  }
}
