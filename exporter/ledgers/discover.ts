import { posix } from 'node:path';
import { isLedgerUrl, ledgerUrlName } from './remote.ts';

/** A `--ledgers` pattern split into the folder to list and a matcher for paths inside it. */
export interface LedgerPattern {
  /** The folder the pattern starts at (no wildcard), with forward slashes: `ledgers`. */
  root: string;
  /** Tests a path relative to `root`. */
  matches(relativePath: string): boolean;
}

const WILDCARD = /[*?[{]/;

/**
 * Parses a glob (`ledgers/**\/*.jsonl`): `**` spans folders, `*` and `?` stay within one. The root is
 * every leading segment without a wildcard. A pattern without wildcards names one file; a folder
 * (decided by the caller, which can look at the disk) is read as `<folder>/**\/*.jsonl`.
 */
export function parseLedgerPattern(pattern: string): LedgerPattern {
  // A URL names one ledger, fetched rather than listed (./remote.ts); it is shown by its URL.
  if (isLedgerUrl(pattern)) return { root: '.', matches: (path) => path === ledgerUrlName(pattern) };
  const normalised = posix.normalize(pattern.replaceAll('\\', '/')).replace(/\/$/, '');
  const segments = normalised.split('/');
  const firstWild = segments.findIndex((segment) => WILDCARD.test(segment));
  if (firstWild === -1) {
    const root = posix.dirname(normalised);
    const base = posix.basename(normalised);
    return { root, matches: (path) => path === base };
  }
  const root = segments.slice(0, firstWild).join('/') || '.';
  const regex = globToRegExp(segments.slice(firstWild).join('/'));
  return { root, matches: (path) => regex.test(path) };
}

/** The pattern for every ledger under a folder. */
export function folderPattern(folder: string): LedgerPattern {
  return parseLedgerPattern(`${folder.replace(/\/$/, '')}/**/*.jsonl`);
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole folders; a bare `**` matches anything.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Code-unit order, not locale order: the same on every machine. */
export function comparePaths(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
