import { IndexSchema, type GeneratedFrom } from '../schema/surfaces/index.ts';
import { sha256Hex } from '../lib/hash.ts';
import { openDatabase } from './duckdb.ts';
import type { RangeSource } from './ledgers/disk.ts';
import { loadLedgers, type LedgerSource, type LoadedLedgers } from './ledgers/load.ts';
import { shapeIndex, type ManifestFile, type ManifestShard } from './surfaces/manifest.ts';
import type { SurfaceContext } from './surfaces/context.ts';
import { SURFACES, type SurfaceDefinition } from './surfaces/registry.ts';
import { buildRunShards } from './surfaces/runs.ts';
import { countRejected } from './surfaces/verification.ts';
import { serializeDocument, serializeSurface, type OutputSink } from './write.ts';

export interface ExportOptions {
  /** Glob of ledgers to read (`ledgers/**\/*.jsonl`), or a folder, or one file. */
  ledgers: string;
  /** The folder shown in console lines (`data`); the sink decides where files really go. */
  out: string;
  /** Exit 1 when any line was rejected or no ledger was found (after writing everything). */
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
}

/** Everything the export does to the world, injected so tests run it on memory. */
export interface ExportEffects extends LedgerSource, RangeSource, OutputSink {
  log(line: string): void;
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
 * valid record is exported whatever else is wrong; `--strict` only changes the exit code.
 * `surfaces` defaults to the registry; tests pass a subset to pin some files' bytes.
 */
export async function runExport(
  options: ExportOptions,
  effects: ExportEffects,
  surfaces: readonly SurfaceDefinition[] = SURFACES,
): Promise<ExportResult> {
  const db = await openDatabase();
  try {
    const loaded = await loadLedgers(options.ledgers, effects, db, { threads: options.threads, minWorkerBytes: options.minWorkerBytes });
    reportProblems(loaded, options, effects);
    const generatedFrom = generatedFromOf(loaded);
    const context: SurfaceContext = { db, loaded, generatedFrom, options };
    const files: ManifestFile[] = [];
    const write = async (path: string, surface: string, rows: number, data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await effects.writeFile(path, bytes);
      if (bytes.byteLength > MAX_FILE_BYTES) {
        effects.log(`warning: ${options.out}/${path} is ${(bytes.byteLength / 1e6).toFixed(1)} MB, over the 50 MB limit for a data/ file`);
      }
      files.push({ path, surface, rows, bytes: bytes.byteLength, sha256: sha256Hex(bytes) });
    };

    for (const surface of surfaces) {
      const body = await surface.build(context);
      // A builder bug must fail here, not ship a file the UI will refuse.
      surface.schema.parse(body);
      await write(`${surface.name}.json`, surface.name, body.rows.length, serializeSurface(body));
    }
    const shards: ManifestShard[] = [];
    for await (const shard of buildRunShards(context, effects)) {
      await write(shard.path, 'runs', shard.rows, shard.data);
      shards.push({ path: shard.path, rows: shard.rows, tasks: shard.tasks });
    }
    const index = IndexSchema.parse(shapeIndex(loaded, generatedFrom, files, shards));
    await effects.writeFile('index.json', serializeDocument(index));
    await effects.finish();

    const rejected = countRejected(loaded.rejected);
    effects.log(
      `exported ${loaded.accepted} records from ${loaded.files.length} ledger files into ${options.out}/ ` +
        `(${files.length + 1} files; ${rejected} rejected, ${loaded.duplicates} duplicates, ${loaded.simulated} simulated)`,
    );
    const failed = options.strict && (rejected > 0 || loaded.problems.length > 0);
    return { exitCode: failed ? 1 : 0, loaded, files };
  } catch (error) {
    await effects.abort();
    throw error;
  } finally {
    await db.close();
  }
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
  const lines = [
    ...loaded.problems,
    ...loaded.rejected.map((line) => `${display.get(line.file) ?? line.file}:${line.line}: ${line.kind}: ${line.reason}`),
  ];
  for (const line of lines.slice(0, MAX_CONSOLE_PROBLEMS)) effects.log(line);
  if (lines.length > MAX_CONSOLE_PROBLEMS) {
    effects.log(`... and ${lines.length - MAX_CONSOLE_PROBLEMS} more (see ${options.out}/verification.json)`);
  }
}
