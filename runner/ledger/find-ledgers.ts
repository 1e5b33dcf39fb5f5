import { readdirSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

const WILDCARD = /[*?[{]/;

/**
 * The `.jsonl` files a `--ledgers` pattern names, sorted: a glob (`ledgers/**\/*.jsonl`, where `**`
 * spans folders and `*`, `?` stay within one), a folder (every ledger under it) or one file. A
 * pattern that matches nothing gives an empty list; the caller says what that means.
 */
export function findLedgerFiles(patterns: readonly string[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) for (const path of matching(pattern)) found.add(path);
  return [...found].sort();
}

function matching(pattern: string): string[] {
  const normalised = posix.normalize(pattern.replaceAll('\\', '/')).replace(/(.)\/$/, '$1');
  const segments = normalised.split('/');
  const firstWild = segments.findIndex((segment) => WILDCARD.test(segment));
  if (firstWild === -1) {
    const kind = kindOf(normalised);
    if (kind === 'folder') return filesUnder(normalised).filter((path) => path.endsWith('.jsonl'));
    return kind === 'file' ? [normalised] : [];
  }
  const root = segments.slice(0, firstWild).join('/') || '.';
  const regex = globToRegExp(segments.slice(firstWild).join('/'));
  return filesUnder(root).filter((path) => regex.test(relative(root, path).replaceAll('\\', '/')));
}

function kindOf(path: string): 'file' | 'folder' | null {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return null;
  }
}

/** Every file below `root` (following no symlinked folders), or none when it is missing. */
function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole folders; a bare `**` anything.
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
