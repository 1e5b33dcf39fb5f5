import { posix } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import { comparePaths, folderPattern, parseLedgerPattern, type LedgerPattern } from './discover.ts';
import { isLedgerUrl, ledgerUrlName } from './remote.ts';
import type { LedgerSource } from './source.ts';

/** One pattern's files, relative to its root, sorted; null when the root folder is missing. */
async function discover(pattern: string, source: LedgerSource): Promise<{ parsed: LedgerPattern; paths: string[] | null }> {
  let parsed = parseLedgerPattern(pattern);
  // Listing a URL fetches it (exporter/ledgers/remote.ts) and gives its one name.
  if (isLedgerUrl(pattern)) return { parsed, paths: await source.listFiles(pattern) };
  let listing = await source.listFiles(parsed.root);
  // A pattern without wildcards that names a folder means every ledger under it.
  const plain = !/[*?[{]/.test(pattern);
  if (plain) {
    const asFolder = await source.listFiles(posix.normalize(pattern.replaceAll('\\', '/')));
    if (asFolder !== null) {
      parsed = folderPattern(pattern);
      listing = asFolder;
    }
  }
  if (listing === null) return { parsed, paths: null };
  return { parsed, paths: listing.filter((path) => parsed.matches(path)).sort(comparePaths) };
}

const NO_LEDGERS_HINT = 'run `ledgerbench run` first, or pass --ledgers GLOB';

/**
 * Every pattern's files, each file once, in path order. Paths are shown relative to the folder all
 * patterns share (with one pattern: its root, as the outputs have always named them).
 */
export async function findLedgers(
  patterns: readonly string[],
  source: LedgerSource,
): Promise<{ root: string; files: { path: string; displayPath: string }[] }> {
  const found: { root: string; display: string[] }[] = [];
  for (const pattern of patterns) {
    const { parsed, paths } = await discover(pattern, source);
    if (paths === null && isLedgerUrl(pattern))
      throw new CliError(`${ledgerUrlName(pattern)}: this command reads no URL ledgers; fetch it first or pass a local path`);
    if (paths === null) throw new CliError(`no ledgers found: folder ${parsed.root} does not exist (${NO_LEDGERS_HINT})`);
    if (paths.length === 0) throw new CliError(`no ledgers found: nothing matches ${pattern} (${NO_LEDGERS_HINT})`);
    found.push({ root: parsed.root, display: paths.map((path) => (parsed.root === '.' ? path : posix.normalize(`${parsed.root}/${path}`))) });
  }
  const root = commonFolder(found.map((entry) => entry.root));
  const unique = [...new Set(found.flatMap((entry) => entry.display))];
  const files = unique.map((displayPath) => ({ displayPath, path: root === '.' ? displayPath : posix.relative(root, displayPath) }));
  return { root, files: files.sort((a, b) => comparePaths(a.path, b.path)) };
}

function commonFolder(roots: readonly string[]): string {
  const split = roots.map((root) => (root === '.' ? [] : root.split('/')));
  const first = split[0]!;
  let shared = 0;
  while (shared < first.length && split.every((parts) => parts[shared] === first[shared])) shared++;
  return shared === 0 ? '.' : first.slice(0, shared).join('/');
}
