import { IndexSchema, type GeneratedFrom } from '../schema/surfaces/index.ts';
import { sha256Hex } from '../lib/hash.ts';
import { CliError, isCliError } from '../lib/cli-error.ts';
import { loadSql, openDatabase } from './duckdb.ts';
import { openLedgerCache, type LedgerCache } from './ledgers/cache.ts';
import { loadLedgers, type LoadedLedgers } from './ledgers/load.ts';
import type { LedgerSource } from './ledgers/source.ts';
import { openRecordStore } from './ledgers/record-store.ts';
import { shapeIndex, type LedgerSweep, type ManifestFile, type ManifestShard, type ShardOrigin } from './surfaces/manifest.ts';
import type { SurfaceContext } from './surfaces/context.ts';
import { SURFACES, type SurfaceDefinition } from './surfaces/registry.ts';
import { buildComparisonPairFiles } from './surfaces/comparison_pairs.ts';
import { openRunPass } from './comparisons/run-pass.ts';
import { SideStore } from './comparisons/side-store.ts';
import { buildRunShards } from './surfaces/runs.ts';
import { buildRunsParquet, RUNS_PARQUET_PATH } from './surfaces/runs-parquet.ts';
import { countRejected } from './surfaces/verification.ts';
import { createWorkspace } from './workspace.ts';
import { serializeDocument, serializeSurface, type OutputSink } from './write.ts';

export interface ExportOptions {
  /** Globs of ledgers to read (`ledgers/**\/*.jsonl`), folders or files; a file matched twice is read once. */
  ledgers: string | readonly string[];
  /** The folder shown in console lines (`data`); the sink decides where files really go. */
  out: string;
  /** Publish nothing and exit 1 when any line was rejected. */
  strict: boolean;
  /** For comparisons.json (docs/comparisons.md): non-inferiority margin in percentage points. */
  margin?: number;
  /** For comparisons.json: Holm-adjust McNemar p across suites. */
  holm?: boolean;
  /** For comparisons.json: the candidates file (default: candidates.json). */
  candidates?: string;
  /** Validation threads for large ledgers (default: one per core; 0: validate in this thread). See exporter/ledgers/load.ts. */
  threads?: number;
  /** Ledger bytes read before validation moves to worker threads (default 32 MB). */
  minWorkerBytes?: number;
  /**
   * The export cache folder (exporter/ledgers/cache.ts): ledger lines judged by an earlier export
   * are replayed from it and only appended bytes are judged. Absent: every line is judged (cold).
   */
  cache?: string;
}

/**
 * Everything the export does to the world, injected so tests run it on memory. (Its temporary
 * folder, for DuckDB and the record store, is always on disk: exporter/workspace.ts.)
 */
export interface ExportEffects extends LedgerSource, OutputSink {
  log(line: string): void;
  /** Notes that are not the export's result (why the cache re-read a ledger): stderr. Default: `log`. */
  warn?(line: string): void;
}

export interface ExportResult {
  exitCode: number;
  loaded: LoadedLedgers;
  files: ManifestFile[];
}

/** No file in data/ should exceed this (DESIGN.md); the export warns when one does. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Console lines about individual problems before "... and N more". */
export const MAX_CONSOLE_PROBLEMS = 20;

/**
 * ledgers → validation → DuckDB → every surface, the run shards and index.json (last). Every
 * valid record is exported whatever else is wrong, and the output is published (swapped in whole)
 * only at the end: any failure, or `--strict` with a rejected line, leaves the previous output as it
 * was and says so. `surfaces` defaults to the registry; tests pass a subset to pin some files' bytes.
 */
export async function runExport(options: ExportOptions, effects: ExportEffects, surfaces: readonly SurfaceDefinition[] = SURFACES): Promise<ExportResult> {
  const unchanged = `${options.out}/ left as it was`;
  const workspace = createWorkspace();
  const store = openRecordStore(workspace.folder);
  let db: Awaited<ReturnType<typeof openDatabase>> | null = null;
  try {
    db = await openDatabase(workspace.folder);
    const warn = (line: string) => (effects.warn ?? effects.log)(line);
    const cache = options.cache === undefined ? undefined : openCache(options.cache, warn);
    const loaded = await loadLedgers(options.ledgers, effects, db, { threads: options.threads, minWorkerBytes: options.minWorkerBytes, store, cache });
    reportProblems(loaded, options, effects);
    const generatedFrom = generatedFromOf(loaded);
    const context: SurfaceContext = { db, loaded, generatedFrom, options, store };
    const files: ManifestFile[] = [];
    const write = async (path: string, surface: string, rows: number, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await effects.writeFile(path, bytes);
      if (bytes.byteLength > MAX_FILE_BYTES) {
        effects.log(`warning: ${options.out}/${path} is ${(bytes.byteLength / 1e6).toFixed(1)} MB, over the 50 MB limit for a data/ file`);
      }
      files.push({ path, surface, rows, bytes: bytes.byteLength, sha256: sha256Hex(bytes) });
    };

    const rejected = countRejected(loaded.rejected);
    if (options.strict && rejected > 0) {
      // Nothing is written: the problems were printed above, and the old output stays in place.
      await effects.abort();
      effects.log(`--strict: ${rejected} ledger lines rejected (listed above); nothing published, ${unchanged}`);
      return { exitCode: 1, loaded, files };
    }
    // runs.parquet first: DuckDB's memory for the COPY peaks while this thread's heap is smallest.
    const parquet = await buildRunsParquet(context, workspace.folder);
    await write(RUNS_PARQUET_PATH, 'runs_parquet', parquet.rows, parquet.data);
    // The pairs files comparison_pairs.json lists, written with it, never without it, next: the
    // one pass over the runs they come from also holds the runs comparisons.json pairs.
    const wants = (name: string) => surfaces.some((surface) => surface.name === name);
    if (wants('comparison_pairs')) {
      const pass = await openRunPass(db);
      const sides = wants('comparisons') ? new SideStore(pass.keys) : undefined;
      for await (const file of buildComparisonPairFiles(context, pass, sides)) await write(file.path, 'comparison_pairs_side', file.rows, file.data);
      context.sides = sides;
    }
    for (const surface of surfaces) {
      const body = await surface.build(context);
      // A builder bug must fail here, not ship a file the UI will refuse.
      surface.schema.parse(body);
      await write(`${surface.name}.json`, surface.name, body.rows.length, serializeSurface(body));
      // About 150 MB at a million runs: let go as soon as the comparisons are paired.
      if (surface.name === 'comparisons') context.sides = undefined;
    }
    const shards: ManifestShard[] = [];
    const origins: ShardOrigin[] = [];
    for await (const shard of buildRunShards(context, store)) {
      await write(shard.path, 'runs', shard.rows, shard.data);
      shards.push({ path: shard.path, rows: shard.rows, tasks: shard.tasks });
      origins.push({ path: shard.path, ledgerRows: shard.ledgerRows });
    }
    const sweeps: LedgerSweep[] = (await db.query(loadSql('ledger_sweeps'))).map((row) => ({
      ledger_index: Number(row.ledger_index),
      sweep_id: String(row.sweep_id),
      records: Number(row.records),
    }));
    const index = IndexSchema.parse(shapeIndex(loaded, generatedFrom, files, shards, { shards: origins, sweeps }));
    await effects.writeFile('index.json', serializeDocument(index));
    await effects.finish();

    const superseded = loaded.superseded.length === 0 ? '' : `, ${loaded.superseded.length} superseded`;
    const cached = loaded.cachedLines === 0 ? '' : `; ${loaded.cachedLines} of ${loaded.lines} lines judged before, read from the cache`;
    effects.log(
      `exported ${loaded.accepted} records from ${loaded.files.length} ledger files into ${options.out}/ ` +
        `(${files.length + 1} files; ${rejected} rejected, ${loaded.duplicates} duplicates${superseded}, ${loaded.simulated} simulated${cached})`,
    );
    return { exitCode: 0, loaded, files };
  } catch (error) {
    await effects.abort();
    throw failure(error, unchanged);
  } finally {
    store.close();
    await db?.close();
    workspace.remove();
  }
}

/** The export cache, or none (with a note) where its folder cannot be made: the cache only saves work. */
function openCache(folder: string, warn: (line: string) => void): LedgerCache | undefined {
  try {
    return openLedgerCache(folder, warn);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    warn(`cache: cannot use ${folder} (${why}); exporting without it (--cache-dir DIR elsewhere, or --no-cache)`);
    return undefined;
  }
}

/** Any failure as one CliError line that also says the old output was kept; the stack stays for --debug. */
function failure(error: unknown, unchanged: string): CliError {
  if (isCliError(error)) {
    const wrapped = new CliError(`${error.message}; nothing published, ${unchanged}`, error.exitCode);
    wrapped.stack = error.stack;
    return wrapped;
  }
  const message = error instanceof Error ? error.message : String(error);
  // A record's text can be megabytes: never echo more than a line's worth of it.
  const short = message.length > 300 ? `${message.slice(0, 300)}…` : message;
  const wrapped = new CliError(`export failed (${short}); nothing published, ${unchanged}`, 1);
  if (error instanceof Error) wrapped.stack = error.stack;
  return wrapped;
}

/** What every surface says it was built from: no clock, no absolute path. */
export function generatedFromOf(loaded: LoadedLedgers): GeneratedFrom {
  return {
    ledger_files: loaded.files.length,
    records: loaded.accepted,
    simulated_records: loaded.simulated,
    ledgers_sha256: sha256Hex(loaded.files.map((file) => file.sha256).join('\n')),
  };
}

/** One console line per problem, `ledgers/x.jsonl:42: schema: model.name: expected string`, capped at 20. */
function reportProblems(loaded: LoadedLedgers, options: ExportOptions, effects: ExportEffects): void {
  const display = new Map(loaded.files.map((file) => [file.path, file.displayPath]));
  const lines = [...loaded.problems, ...loaded.rejected.map((line) => `${display.get(line.file) ?? line.file}:${line.line}: ${line.kind}: ${line.reason}`)];
  for (const line of lines.slice(0, MAX_CONSOLE_PROBLEMS)) effects.log(line);
  if (lines.length > MAX_CONSOLE_PROBLEMS) {
    effects.log(`... and ${lines.length - MAX_CONSOLE_PROBLEMS} more (see ${options.out}/verification.json)`);
  }
}
