import { createHash, type Hash } from 'node:crypto';
import { CliError } from '../../lib/cli-error.ts';
import type { RejectedLine, SupersededLine } from '../../schema/surfaces/verification.ts';
import type { Database } from '../duckdb.ts';
import type { RecordStore } from './record-store.ts';
import { AttemptTracker } from './attempts.ts';
import { findLedgers } from './ledger-files.ts';
import type { LedgerSource } from './source.ts';
import { availableParallelism } from 'node:os';
import type { AcceptedLine, BatchResult, JudgedLine, LineBatch } from './batch.ts';
import { BatchCutter, countNewlines } from './batch-cutter.ts';
import type { Boundary, CacheEntry, LedgerCache, SegmentRef, SegmentWriter } from './cache.ts';
import { inlineJudge, workerJudge, type BatchJudge } from './judge-pool.ts';

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
  /** Earlier attempts of a run_id that a later attempt replaced, in (file, line) order. */
  superseded: SupersededLine[];
  lines: number;
  accepted: number;
  duplicates: number;
  simulated: number;
  problems: string[];
  tasks: Map<string, TaskText>;
  /** Lines replayed from the export cache instead of judged again. */
  cachedLines: number;
}

export interface LoadOptions {
  /**
   * Validation threads (worker_threads): 0 validates in this thread. Default: one per core
   * (`os.availableParallelism()`).
   */
  threads?: number;
  /** Workers start only once this many ledger bytes were read (default 32 MB): small exports skip their start-up. */
  minWorkerBytes?: number;
  /** Where accepted records' normalised text goes, for the run shards; without one it is not kept (positions read 0). */
  store?: RecordStore;
  /** The export cache (exporter/ledgers/cache.ts): judged lines of bytes read before; needs `store`. */
  cache?: LedgerCache;
}

const DEFAULT_MIN_WORKER_BYTES = 32 << 20;

/** A batch in flight, with the file it came from. */
interface Pending {
  path: string;
  ledgerIndex: number;
  result: Promise<BatchResult>;
  /** Lines replayed from the export cache: their rows are in DuckDB already (the segment's rows file). */
  replayed: boolean;
  /** The cache segment a freshly judged batch of whole lines goes into, if any. */
  segment: SegmentWriter | null;
}

/** What a ledger's read leaves for the export cache, published once every batch was taken. */
interface CacheUpdate {
  displayPath: string;
  kept: SegmentRef[];
  segment: SegmentWriter;
  boundary: Boundary | null;
  /** The boundary the kept entry had (null: none kept): unchanged means nothing to publish. */
  before: Boundary | null;
  /** An entry existed but no longer matched the ledger: dropped if nothing replaces it. */
  stale: boolean;
}

const NEWLINE = 0x0a;
const EMPTY = new Uint8Array(0);

export function taskKey(experiment: string, taskId: string, taskHash: string): string {
  return `${experiment}\u0000${taskId}\u0000${taskHash}`;
}

/**
 * Reads every ledger matching any of `patterns` (a file matched twice is read once) in path order,
 * validates each line, appends accepted records to the `runs` table and their normalised text to
 * `options.store`, and returns what was seen. Per run_id the highest `attempt` stands and lower attempts are
 * superseded, whatever the order of the ledgers; of records with the same run_id and attempt, the
 * first in path order wins and later ones are rejected as duplicates. No ledger found, or a pattern
 * that matches nothing, is a CliError (exit 2).
 *
 * Lines are cut into ~1 MB batches at newlines and judged (JSON.parse, zod, flatten) in the
 * calling thread or, for large ledgers, on worker threads; results are taken strictly in input
 * order, so duplicates, rejections and the `runs` rows come out exactly as a single thread would
 * produce them. With `options.cache`, a ledger that still starts with the bytes an earlier export
 * judged has those lines replayed from the cache into the same in-order step, and only the rest is
 * judged (docs/decisions/0008-export-cache.md).
 */
export async function loadLedgers(patterns: string | readonly string[], source: LedgerSource, db: Database, options: LoadOptions = {}): Promise<LoadedLedgers> {
  const store = options.store ?? null;
  const { root, files } = await findLedgers(typeof patterns === 'string' ? [patterns] : patterns, source);
  const paths = files.map((file) => file.path);
  const loaded: LoadedLedgers = {
    root,
    files: [],
    rejected: [],
    superseded: [],
    lines: 0,
    accepted: 0,
    duplicates: 0,
    simulated: 0,
    problems: [],
    tasks: new Map(),
    cachedLines: 0,
  };
  const threads = options.threads ?? availableParallelism();
  const minWorkerBytes = options.minWorkerBytes ?? DEFAULT_MIN_WORKER_BYTES;
  const inline = inlineJudge(store?.folder);
  let pool: BatchJudge | null = null;
  // Batches in flight: enough to keep every worker busy while this thread takes results in order.
  const maxPending = 2 * Math.max(1, threads) + 1;
  const pending: Pending[] = [];
  let bytesRead = 0;
  const attempts = new AttemptTracker();
  // Rows already in `runs` whose record a later, higher attempt replaced: deleted after loading.
  const dropped: number[] = [];
  let superseded: { location: number; runId: string; attempt: number }[] = [];
  const locate = (location: number) => ({ file: paths[Math.floor(location / 2 ** 32)]!, line: location % 2 ** 32 });

  const take = async (batch: Pending) => {
    const { lines, records, recordsAt } = await batch.result;
    if (batch.segment !== null) batch.segment.add(lines, batchRecords(lines, records, recordsAt, store));
    let csv = '';
    // The judging thread stored the batch's records whole, duplicates' text included (unreferenced).
    const base = recordsAt ?? 0;
    for (const line of lines) {
      if (!line.ok) {
        loaded.rejected.push({ file: batch.path, line: line.line, kind: line.kind, reason: line.reason, run_id: line.runId });
        continue;
      }
      const location = batch.ledgerIndex * 2 ** 32 + line.line;
      const verdict = attempts.judge(line.runId, line.attempt, location);
      // A replayed line's row came in with its segment's: one that does not stand is deleted again.
      if (verdict.kind !== 'stands' && batch.replayed) dropped.push(location);
      if (verdict.kind === 'duplicate') {
        loaded.duplicates += 1;
        const first = locate(verdict.first);
        const which = line.attempt === 0 ? '' : ` attempt ${line.attempt}`;
        const reason = `run_id ${line.runId}${which} already accepted at ${first.file}:${first.line}`;
        loaded.rejected.push({ file: batch.path, line: line.line, kind: 'duplicate_run_id', reason, run_id: line.runId });
        continue;
      }
      if (verdict.kind === 'superseded') {
        superseded.push({ location, runId: line.runId, attempt: line.attempt });
        continue;
      }
      if (verdict.replaced !== null) {
        dropped.push(verdict.replaced.location);
        superseded.push({ location: verdict.replaced.location, runId: line.runId, attempt: verdict.replaced.attempt });
      }
      noteTaskText(loaded.tasks, line);
      if (batch.replayed) continue;
      csv += store === null ? `${line.csv},0,0\n` : `${line.csv},${base + line.jsonOffset},${line.jsonBytes}\n`;
    }
    await db.appendCsv(csv);
  };

  const enqueue = async (entry: Pending) => {
    pending.push(entry);
    while (pending.length > maxPending) await take(pending.shift()!);
  };

  const submit = async (path: string, batch: LineBatch, segment: SegmentWriter | null) => {
    const { ledgerIndex } = batch;
    bytesRead += batch.bytes.byteLength;
    if (pool === null && threads > 0 && bytesRead >= minWorkerBytes) pool = workerJudge(threads, undefined, store?.folder);
    const result = (pool ?? inline).judge(batch);
    // Taken in order below; until then a failure must not surface as an unhandled rejection.
    result.catch(() => {});
    await enqueue({ path, ledgerIndex, result, replayed: false, segment });
  };

  const cache = store === null ? null : (options.cache ?? null);
  const updates: CacheUpdate[] = [];

  /** One ledger: its cached prefix replayed when the file still starts with it, then the rest judged. */
  const readLedger = async (ledgerIndex: number, path: string, displayPath: string): Promise<LedgerFile> => {
    const entry = cache?.lookup(displayPath) ?? null;
    const { chunks, hash, rest, start } = await openLedger(source, displayPath, entry, cache);
    for (const segment of start?.segments ?? []) {
      const recordsAt = store!.attach(cache!.segmentFile(segment, displayPath, 'records'));
      // A segment of rejected lines only has an empty rows file: nothing for DuckDB to read.
      if (segment.rowsBytes > 0) db.appendCsvFile(cache!.segmentFile(segment, displayPath, 'rows'), ledgerIndex, recordsAt);
      for await (const lines of cache!.replay(segment, displayPath)) {
        const result = Promise.resolve({ lines, records: EMPTY, recordsAt, lastLine: lines[lines.length - 1]!.line });
        loaded.cachedLines += lines.length;
        await enqueue({ path, ledgerIndex, result, replayed: true, segment: null });
      }
    }
    const before = start === null ? null : { bytes: start.bytes, lines: start.lines, sha256: start.sha256 };
    const cutter = new BatchCutter(ledgerIndex, before?.bytes ?? 0, (before?.lines ?? 0) + 1);
    const segment = cache?.startSegment(displayPath) ?? null;
    const stale = entry !== null && start === null;
    const update: CacheUpdate | null = segment === null ? null : { displayPath, kept: start?.segments ?? [], segment, boundary: before, before, stale };
    if (update !== null) updates.push(update);
    const feed = async (batch: LineBatch) => {
      hash.update(batch.bytes);
      // Only whole lines are cached: a final line without a newline may still be being written.
      const whole = update !== null && batch.bytes[batch.bytes.byteLength - 1] === NEWLINE;
      if (whole) {
        const lines = batch.firstLine - 1 + countNewlines(batch.bytes);
        update.boundary = { bytes: batch.byteOffset + batch.bytes.byteLength, lines, sha256: hash.copy().digest('hex') };
      }
      await submit(path, batch, whole ? segment : null);
    };
    if (rest !== null) for (const batch of cutter.push(rest)) await feed(batch);
    for await (const chunk of chunks) for (const batch of cutter.push(chunk)) await feed(batch);
    for (const batch of cutter.end()) await feed(batch);
    return { path, displayPath, lines: cutter.lines, bytes: (before?.bytes ?? 0) + cutter.bytes, sha256: hash.digest('hex') };
  };

  try {
    for (const [ledgerIndex, { path, displayPath }] of files.entries()) {
      const file = await readLedger(ledgerIndex, path, displayPath);
      loaded.lines += file.lines;
      loaded.files.push(file);
    }
    while (pending.length > 0) await take(pending.shift()!);
    for (const update of updates.splice(0)) publish(cache!, update);
    cache?.sweep(root);
  } finally {
    await (pool as BatchJudge | null)?.close();
    for (const update of updates) update.segment.discard();
  }
  await dropRows(db, dropped);
  superseded = superseded.sort((a, b) => a.location - b.location);
  loaded.superseded = superseded.map((entry) => {
    const standing = attempts.standing(entry.runId)!;
    const by = locate(standing.location);
    return { ...locate(entry.location), run_id: entry.runId, attempt: entry.attempt, by_file: by.file, by_line: by.line, by_attempt: standing.attempt };
  });
  const [counts] = await db.query('SELECT count(*)::INTEGER AS accepted, count_if(simulated)::INTEGER AS simulated FROM runs');
  loaded.accepted = Number(counts!.accepted);
  loaded.simulated = Number(counts!.simulated);
  return loaded;
}

/** The batch's records' text: kept in the result, or read back from where the judging thread stored it. */
function batchRecords(lines: readonly JudgedLine[], records: Uint8Array, recordsAt: number | null, store: RecordStore | null): Uint8Array {
  if (recordsAt === null || store === null) return records;
  let bytes = 0;
  for (const line of lines) if (line.ok) bytes += line.jsonBytes;
  return bytes === 0 ? EMPTY : store.read(recordsAt, bytes);
}

/**
 * A ledger's chunks, positioned after its cached prefix (`start`: the entry) when the file still
 * begins with exactly those bytes, else from its first byte (`start` null) with a note why. `hash`
 * has taken every byte before the position; `rest` is what the last prefix chunk held beyond it.
 */
async function openLedger(source: LedgerSource, displayPath: string, entry: CacheEntry | null, cache: LedgerCache | null) {
  const chunks = readable(source, displayPath);
  const hash = createHash('sha256');
  if (entry === null || cache === null) return { chunks, hash, rest: null, start: null };
  const prefix = await readPrefix(chunks, hash, entry.bytes);
  if (prefix.ok && hash.copy().digest('hex') === entry.sha256) return { chunks, hash, rest: prefix.rest, start: entry };
  const why = prefix.ok
    ? `its first ${entry.bytes} bytes changed in place (or it was replaced)`
    : `it shrank to ${prefix.bytes} bytes from the ${entry.bytes} read before`;
  cache.note(`cache: ${displayPath}: ${why} since the last export; reading it whole`);
  await chunks.return(undefined);
  return { chunks: readable(source, displayPath), hash: createHash('sha256'), rest: null, start: null };
}

/** Reads (and hashes) the first `bytes` of a ledger; `rest` is what the last chunk held beyond them. */
async function readPrefix(
  chunks: AsyncGenerator<Uint8Array>,
  hash: Hash,
  bytes: number,
): Promise<{ ok: true; rest: Uint8Array | null } | { ok: false; bytes: number }> {
  let read = 0;
  while (read < bytes) {
    const next = await chunks.next();
    if (next.done) return { ok: false, bytes: read };
    const chunk = next.value;
    const take = Math.min(chunk.byteLength, bytes - read);
    hash.update(chunk.subarray(0, take));
    read += take;
    if (take < chunk.byteLength) return { ok: true, rest: chunk.subarray(take) };
  }
  return { ok: true, rest: null };
}

/**
 * A ledger's new cache entry: its earlier segments plus the one just written, when it grew. The
 * cache only saves work: failing to write it is a note, never a failed export.
 */
function publish(cache: LedgerCache, update: CacheUpdate): void {
  const added = update.segment.finish();
  const { boundary, before } = update;
  try {
    if (update.segment.broken) return;
    if (boundary === null) {
      if (update.stale) cache.drop(update.displayPath);
      return;
    }
    if (added === null && before !== null && boundary.bytes === before.bytes) return;
    cache.commit(update.displayPath, boundary, added === null ? update.kept : [...update.kept, added]);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    cache.note(`cache: cannot update the entry for ${update.displayPath} (${why}); the next export reads it whole`);
  }
}

/** Deletes the `runs` rows at these packed (ledger_index, line) locations. */
async function dropRows(db: Database, locations: readonly number[]): Promise<void> {
  if (locations.length === 0) return;
  await db.run('CREATE TEMP TABLE superseded_rows (ledger_index INTEGER, line INTEGER)');
  for (let start = 0; start < locations.length; start += 1000) {
    const values = locations.slice(start, start + 1000).map((l) => `(${Math.floor(l / 2 ** 32)}, ${l % 2 ** 32})`);
    await db.run(`INSERT INTO superseded_rows VALUES ${values.join(', ')}`);
  }
  await db.run('DELETE FROM runs USING superseded_rows s WHERE runs.ledger_index = s.ledger_index AND runs.line = s.line');
  await db.run('DROP TABLE superseded_rows');
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
  if (armRank(arm) !== armRank(current.promptArm)) return armRank(arm) < armRank(current.promptArm);
  if (arm !== current.promptArm) return arm < current.promptArm;
  return runId < current.promptRunId;
}

// At module level, not a closure per call: this runs once a record, and the TypeScript loader
// (tsx, keepNames) wraps every closure it creates in a naming call that costs more than the body.
function armRank(arm: string): number {
  return arm === 'plain' ? 0 : 1;
}
