import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { normaliseGlob, splitGlob } from '../../lib/glob.ts';

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
  const split = splitGlob(pattern);
  if (split === null) {
    const normalised = normaliseGlob(pattern);
    const kind = kindOf(normalised);
    if (kind === 'folder') return filesUnder(normalised).filter((path) => path.endsWith('.jsonl'));
    return kind === 'file' ? [normalised] : [];
  }
  return filesUnder(split.root).filter((path) => split.regex.test(relative(split.root, path).replaceAll('\\', '/')));
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
