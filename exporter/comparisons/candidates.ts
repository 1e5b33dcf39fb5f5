import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CandidatesFileSchema, type CandidateMap } from '../../schema/candidates.ts';
import { CliError } from '../../lib/cli-error.ts';

/** candidates.json at the repository root. */
export const DEFAULT_CANDIDATES_PATH = fileURLToPath(new URL('../../candidates.json', import.meta.url));

/** Reads and validates a candidates file (`--candidates FILE`, default the repository's). */
export function loadCandidates(path: string = DEFAULT_CANDIDATES_PATH): CandidateMap {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(
      missing
        ? `${path}: candidates file not found; pass --candidates FILE or restore candidates.json at the repository root`
        : `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = CandidatesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data.candidates;
}
