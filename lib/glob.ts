import { posix } from 'node:path';

const WILDCARD = /[*?[{]/;

/** A glob split at its first wildcard: the folder to list, and a matcher for paths relative to it. */
export interface SplitGlob {
  /** Every leading segment without a wildcard, with forward slashes (`.` when there is none). */
  root: string;
  /** Tests a path relative to `root`, with forward slashes. */
  regex: RegExp;
}

/** A pattern with forward slashes, `.` and `..` resolved, and no trailing slash. */
export function normaliseGlob(pattern: string): string {
  return posix.normalize(pattern.replaceAll('\\', '/')).replace(/(.)\/$/, '$1');
}

/**
 * Splits a glob (`ledgers/**\/*.jsonl`: `**` spans folders, `*` and `?` stay within one) at its first
 * wildcard; `null` for a pattern with none, which names one path. The runner and the exporter both read
 * `--ledgers` this way, so a pattern means the same to `status` as to `export`.
 */
export function splitGlob(pattern: string): SplitGlob | null {
  const segments = normaliseGlob(pattern).split('/');
  const firstWild = segments.findIndex((segment) => WILDCARD.test(segment));
  if (firstWild === -1) return null;
  return { root: segments.slice(0, firstWild).join('/') || '.', regex: globToRegExp(segments.slice(firstWild).join('/')) };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole folders; a bare `**` matches anything.
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
