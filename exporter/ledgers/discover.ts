import { posix } from 'node:path';
import { normaliseGlob, splitGlob } from '../../lib/glob.ts';
import { isLedgerUrl, ledgerUrlName } from './remote.ts';

/** A `--ledgers` pattern split into the folder to list and a matcher for paths inside it. */
export interface LedgerPattern {
  /** The folder the pattern starts at (no wildcard), with forward slashes: `ledgers`. */
  root: string;
  /** Tests a path relative to `root`. */
  matches(relativePath: string): boolean;
}

/**
 * Parses a glob (`ledgers/**\/*.jsonl`): `**` spans folders, `*` and `?` stay within one. The root is
 * every leading segment without a wildcard. A pattern without wildcards names one file; a folder
 * (decided by the caller, which can look at the disk) is read as `<folder>/**\/*.jsonl`.
 */
export function parseLedgerPattern(pattern: string): LedgerPattern {
  // A URL names one ledger, fetched rather than listed (./remote.ts); it is shown by its URL.
  if (isLedgerUrl(pattern)) return { root: '.', matches: (path) => path === ledgerUrlName(pattern) };
  const split = splitGlob(pattern);
  if (split === null) {
    const normalised = normaliseGlob(pattern);
    const base = posix.basename(normalised);
    return { root: posix.dirname(normalised), matches: (path) => path === base };
  }
  return { root: split.root, matches: (path) => split.regex.test(path) };
}

/** The pattern for every ledger under a folder. */
export function folderPattern(folder: string): LedgerPattern {
  return parseLedgerPattern(`${folder.replace(/\/$/, '')}/**/*.jsonl`);
}

/** Code-unit order, not locale order: the same on every machine. */
export function comparePaths(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
