import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import type { RejectedLine } from '../../schema/surfaces/verification.ts';
import type { Database } from '../duckdb.ts';
import { comparePaths, folderPattern, parseLedgerPattern, type LedgerPattern } from './discover.ts';
import { availableParallelism } from 'node:os';
import type { AcceptedLine, BatchResult, LineBatch } from './batch.ts';
import { BatchCutter } from './batch-cutter.ts';
import { inlineJudge, workerJudge, type BatchJudge } from './judge-pool.ts';

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

export interface LoadOptions {
  /**
   * Validation threads (worker_threads): 0 validates in this thread. Default: one per core
   * (`os.availableParallelism()`).
   */
  threads?: number;
  /** Workers start only once this many ledger bytes were read (default 32 MB): small exports skip their start-up. */
  minWorkerBytes?: number;
}

const DEFAULT_MIN_WORKER_BYTES = 32 << 20;

/** A batch in flight, with the file it came from. */
interface Pending {
  path: string;
  ledgerIndex: number;
  result: Promise<BatchResult>;
}

export function taskKey(experiment: string, taskId: string, taskHash: string): string {
  return `${experiment}\u0000${taskId}\u0000${taskHash}`;
}

/**
 * Reads every ledger matching `pattern` in path order, validates each line, appends accepted
 * records to the `runs` table and returns what was seen. The first occurrence of a run_id wins;
 * later ones are rejected as duplicates.
 *
 * Lines are cut into ~1 MB batches at newlines and judged (JSON.parse, zod, flatten) in the
 * calling thread or, for large ledgers, on worker threads; results are taken strictly in input
 * order, so duplicates, rejections and the `runs` rows come out exactly as a single thread would
 * produce them.
 */
export async function loadLedgers(pattern: string, source: LedgerSource, db: Database, options: LoadOptions = {}): Promise<LoadedLedgers> {
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
  const threads = options.threads ?? availableParallelism();
  const minWorkerBytes = options.minWorkerBytes ?? DEFAULT_MIN_WORKER_BYTES;
  const inline = inlineJudge();
  let pool: BatchJudge | null = null;
  // Batches in flight: enough to keep every worker busy while this thread takes results in order.
  const maxPending = 2 * Math.max(1, threads) + 1;
  const pending: Pending[] = [];
  let bytesRead = 0;
  // run_id → where it was accepted, packed as ledgerIndex·2³² + line: a number, not a string per record.
  const seen = new Map<string, number>();

  const take = async (batch: Pending) => {
    const { lines } = await batch.result;
    let csv = '';
    for (const line of lines) {
      if (!line.ok) {
        loaded.rejected.push({ file: batch.path, line: line.line, kind: line.kind, reason: line.reason, run_id: line.runId });
        continue;
      }
      const first = seen.get(line.runId);
      if (first !== undefined) {
        loaded.duplicates += 1;
        const firstPath = paths[Math.floor(first / 2 ** 32)];
        const reason = `run_id ${line.runId} already accepted at ${firstPath}:${first % 2 ** 32}`;
        loaded.rejected.push({ file: batch.path, line: line.line, kind: 'duplicate_run_id', reason, run_id: line.runId });
        continue;
      }
      seen.set(line.runId, batch.ledgerIndex * 2 ** 32 + line.line);
      loaded.accepted += 1;
      if (line.simulated) loaded.simulated += 1;
      noteTaskText(loaded.tasks, line);
      csv += line.csv;
    }
    await db.appendCsv(csv);
  };

  const submit = async (path: string, batch: LineBatch) => {
    const { ledgerIndex } = batch;
    bytesRead += batch.bytes.byteLength;
    if (pool === null && threads > 0 && bytesRead >= minWorkerBytes) pool = workerJudge(threads);
    const result = (pool ?? inline).judge(batch);
    // Taken in order below; until then a failure must not surface as an unhandled rejection.
    result.catch(() => {});
    pending.push({ path, ledgerIndex, result });
    while (pending.length > maxPending) await take(pending.shift()!);
  };

  try {
    for (const [ledgerIndex, path] of paths.entries()) {
      const displayPath = parsed.root === '.' ? path : `${parsed.root}/${path}`;
      const hash = createHash('sha256');
      const cutter = new BatchCutter(ledgerIndex);
      for await (const chunk of readable(source, displayPath)) {
        hash.update(chunk);
        for (const batch of cutter.push(chunk)) await submit(path, batch);
      }
      const last = cutter.end();
      if (last !== null) await submit(path, last);
      loaded.lines += cutter.lines;
      loaded.files.push({ path, displayPath, lines: cutter.lines, bytes: cutter.bytes, sha256: hash.digest('hex') });
    }
    while (pending.length > 0) await take(pending.shift()!);
  } finally {
    await (pool as BatchJudge | null)?.close();
  }
  return loaded;
}

/** The file's chunks; a read failure becomes one located CliError. */
async function* readable(source: LedgerSource, displayPath: string): AsyncGenerator<Uint8Array> {
  try {
    yield* source.readChunks(displayPath);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new CliError(`${displayPath}: cannot read the ledger (${why}); check its permissions or leave it out with --ledgers`);
  }
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
function noteTaskText(tasks: Map<string, TaskText>, record: AcceptedLine): void {
  const key = taskKey(record.experiment, record.taskId, record.taskHash);
  const { prompt, success, runId } = record;
  const current = tasks.get(key);
  if (current === undefined) {
    tasks.set(key, { promptArm: record.arm, promptRunId: runId, prompt, successRunId: runId, success });
    return;
  }
  if (prompt !== null && (current.prompt === null || promptBeats(record.arm, runId, current))) {
    Object.assign(current, { promptArm: record.arm, promptRunId: runId, prompt });
  }
  if (success !== null && (current.success === null || runId < current.successRunId)) {
    Object.assign(current, { successRunId: runId, success });
  }
}

function promptBeats(arm: string, runId: string, current: TaskText): boolean {
  const rank = (a: string) => (a === 'plain' ? 0 : 1);
  if (rank(arm) !== rank(current.promptArm)) return rank(arm) < rank(current.promptArm);
  if (arm !== current.promptArm) return arm < current.promptArm;
  return runId < current.promptRunId;
}
