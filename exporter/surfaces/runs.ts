import { SURFACE_SCHEMA_VERSION } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { comparePaths } from '../ledgers/discover.ts';
import type { RecordStore } from '../ledgers/record-store.ts';
import { toJson } from '../write.ts';
import type { SurfaceContext } from './context.ts';

/** A shard is cut once its records reach about this many bytes. */
export const SHARD_BYTES = 2_000_000;

export interface ShardFile {
  path: string;
  rows: number;
  /** `experiment/task_id` keys present, sorted. */
  tasks: string[];
  /** Rows per input ledger (its index in `loaded.files`), for index.json's audit trail. */
  ledgerRows: Map<number, number>;
  data: Uint8Array;
}

/** `runs/runs-0001.json`: 1-based, four digits (more past 9999). */
export function shardPath(shard: number): string {
  return `runs/runs-${String(shard).padStart(4, '0')}.json`;
}

const COMMA_NEWLINE = Buffer.from(',\n');
const CLOSING = Buffer.from('\n]}\n');

/**
 * Streams accepted records in shard order (experiment, task, model, arm, power level, repeat,
 * sample, run id) and yields ~2 MB shards. Each record is its validated, normalised text from the
 * record store (exporter/ledgers/canonical.ts), never the raw ledger line: what a shard shows is
 * exactly what was counted, with no unknown or duplicated keys and only valid UTF-8.
 */
export async function* buildRunShards(context: SurfaceContext, store: RecordStore): AsyncGenerator<ShardFile> {
  let shard = 1;
  let parts: Uint8Array[] = [];
  let bytes = 0;
  let rows = 0;
  let tasks = new Set<string>();
  let ledgerRows = new Map<number, number>();
  const cut = (): ShardFile => {
    const head = toJson({ surface: 'runs', schema_version: SURFACE_SCHEMA_VERSION, generated_from: context.generatedFrom, shard });
    const opening = Buffer.from(`${head.slice(0, -1)},"rows":[\n`);
    const file = { path: shardPath(shard), rows, tasks: [...tasks].sort(comparePaths), ledgerRows, data: Buffer.concat([opening, ...parts, CLOSING]) };
    shard += 1;
    parts = [];
    bytes = 0;
    rows = 0;
    tasks = new Set();
    ledgerRows = new Map();
    return file;
  };
  try {
    let experiment: unknown = null;
    let task: unknown = null;
    for await (const chunk of context.db.streamColumns(loadSql('run_order'))) {
      const { ledger_index: ledgers, byte_offset: offsets, byte_length: lengths, experiment: experiments, task_id: taskIds } = chunk.columns;
      for (let i = 0; i < chunk.rows; i++) {
        if (bytes >= SHARD_BYTES) {
          yield cut();
          experiment = null;
        }
        const text = store.read(offsets![i] as number, lengths![i] as number);
        if (rows > 0) parts.push(COMMA_NEWLINE);
        parts.push(text);
        bytes += text.byteLength + 2;
        rows += 1;
        // Rows come sorted by experiment and task: a key is added once per run of equal rows.
        if (experiments![i] !== experiment || taskIds![i] !== task) {
          experiment = experiments![i];
          task = taskIds![i];
          tasks.add(`${experiment}/${task}`);
        }
        const ledger = ledgers![i] as number;
        ledgerRows.set(ledger, (ledgerRows.get(ledger) ?? 0) + 1);
      }
    }
    if (rows > 0) yield cut();
  } finally {
    store.close();
  }
}
