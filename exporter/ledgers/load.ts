import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import type { RunRecord } from '../../schema/run-record.ts';
import type { RejectedLine } from '../../schema/surfaces/verification.ts';
import type { Database } from '../duckdb.ts';
import { comparePaths, folderPattern, parseLedgerPattern, type LedgerPattern } from './discover.ts';
import { flattenRecord, type FlatRun } from './flatten.ts';
import { splitLines } from './lines.ts';
import { validateLine } from './validate.ts';

/** The disk, as the loader needs it (injected so tests can read from memory). */
export interface LedgerSource {
  /** Every file under `dir`, relative with forward slashes; null when `dir` is missing or not a folder. */
  listFiles(dir: string): Promise<string[] | null>;
  /** A file's bytes, chunk by chunk. */
  readChunks(path: string): AsyncIterable<Uint8Array>;
}

export interface LedgerFile {
  /** Relative to the ledgers root, forward slashes: what the outputs show. */
  path: string;
  /** As the user would type it (root + path): what the console shows. */
  displayPath: string;
  lines: number;
  bytes: number;
  sha256: string;
}

/** Per (experiment, task, hash): the prompt and success text for the task registry. */
export interface TaskText {
  promptArm: string;
  promptRunId: string;
  prompt: string | null;
  successRunId: string;
  success: string | null;
}

export interface LoadedLedgers {
  root: string;
  files: LedgerFile[];
  rejected: RejectedLine[];
  lines: number;
  accepted: number;
  duplicates: number;
  simulated: number;
  problems: string[];
  tasks: Map<string, TaskText>;
}

const BATCH_ROWS = 1_000;

export function taskKey(experiment: string, taskId: string, taskHash: string): string {
  return `${experiment}\u0000${taskId}\u0000${taskHash}`;
}

/**
 * Reads every ledger matching `pattern` in path order, validates each line, appends accepted
 * records to the `runs` table in batches and returns what was seen. The first occurrence of a
 * run_id wins; later ones are rejected as duplicates.
 */
export async function loadLedgers(pattern: string, source: LedgerSource, db: Database): Promise<LoadedLedgers> {
  const { parsed, paths } = await discover(pattern, source);
  const loaded: LoadedLedgers = {
    root: parsed.root,
    files: [],
    rejected: [],
    lines: 0,
    accepted: 0,
    duplicates: 0,
    simulated: 0,
    problems: [],
    tasks: new Map(),
  };
  if (paths === null) {
    loaded.problems.push(`no ledgers found: folder ${parsed.root} does not exist (run \`ledgerbench run\` first, or pass --ledgers GLOB)`);
    return loaded;
  }
  if (paths.length === 0) {
    loaded.problems.push(`no ledgers found: nothing matches ${pattern} (run \`ledgerbench run\` first, or pass --ledgers GLOB)`);
    return loaded;
  }
  // run_id → where it was accepted, packed as ledgerIndex·2³² + line: a number, not a string per record.
  const seen = new Map<string, number>();
  let batch: FlatRun[] = [];
  for (const [ledgerIndex, path] of paths.entries()) {
    const displayPath = parsed.root === '.' ? path : `${parsed.root}/${path}`;
    const hash = createHash('sha256');
    let bytes = 0;
    async function* hashed(): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of source.readChunks(displayPath)) {
          hash.update(chunk);
          bytes += chunk.byteLength;
          yield chunk;
        }
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        throw new CliError(`${displayPath}: cannot read the ledger (${why}); check its permissions or leave it out with --ledgers`);
      }
    }
    let lines = 0;
    for await (const line of splitLines(hashed())) {
      lines = line.line;
      const verdict = validateLine(line.text, line.terminated);
      if (!verdict.ok) {
        loaded.rejected.push({ file: path, line: line.line, kind: verdict.kind, reason: verdict.reason, run_id: verdict.runId });
        continue;
      }
      const record = verdict.record;
      const first = seen.get(record.run_id);
      if (first !== undefined) {
        loaded.duplicates += 1;
        const firstPath = paths[Math.floor(first / 2 ** 32)];
        const reason = `run_id ${record.run_id} already accepted at ${firstPath}:${first % 2 ** 32}`;
        loaded.rejected.push({ file: path, line: line.line, kind: 'duplicate_run_id', reason, run_id: record.run_id });
        continue;
      }
      seen.set(record.run_id, ledgerIndex * 2 ** 32 + line.line);
      loaded.accepted += 1;
      if (record.simulated) loaded.simulated += 1;
      noteTaskText(loaded.tasks, record);
      batch.push(flattenRecord(record, { ledgerIndex, line: line.line, byteOffset: line.byteOffset, byteLength: line.byteLength }));
      if (batch.length >= BATCH_ROWS) {
        await db.appendRuns(batch);
        batch = [];
      }
    }
    loaded.lines += lines;
    loaded.files.push({ path, displayPath, lines, bytes, sha256: hash.digest('hex') });
  }
  if (batch.length > 0) await db.appendRuns(batch);
  return loaded;
}

async function discover(pattern: string, source: LedgerSource): Promise<{ parsed: LedgerPattern; paths: string[] | null }> {
  let parsed = parseLedgerPattern(pattern);
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

/**
 * Keeps, per task version, the prompt of the `plain` arm (else the alphabetically first arm) from
 * the smallest run_id, and the first stated success definition: chosen by key, not by read order,
 * so splitting or renaming ledgers does not change the registry.
 */
function noteTaskText(tasks: Map<string, TaskText>, record: RunRecord): void {
  const key = taskKey(record.experiment, record.task.id, record.task.hash);
  const prompt = record.request?.prompt ?? null;
  const success = record.task.success ?? null;
  const current = tasks.get(key);
  if (current === undefined) {
    tasks.set(key, { promptArm: record.arm, promptRunId: record.run_id, prompt, successRunId: record.run_id, success });
    return;
  }
  if (prompt !== null && (current.prompt === null || promptBeats(record.arm, record.run_id, current))) {
    Object.assign(current, { promptArm: record.arm, promptRunId: record.run_id, prompt });
  }
  if (success !== null && (current.success === null || record.run_id < current.successRunId)) {
    Object.assign(current, { successRunId: record.run_id, success });
  }
}

function promptBeats(arm: string, runId: string, current: TaskText): boolean {
  const rank = (a: string) => (a === 'plain' ? 0 : 1);
  if (rank(arm) !== rank(current.promptArm)) return rank(arm) < rank(current.promptArm);
  if (arm !== current.promptArm) return arm < current.promptArm;
  return runId < current.promptRunId;
}
