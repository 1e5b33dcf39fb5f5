import { SURFACE_SCHEMA_VERSION } from '../../schema/surfaces/index.ts';
import { limitMemory, loadSql } from '../duckdb.ts';
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

/** DuckDB's memory for the shard order beyond what it holds (see limitMemory). */
const ORDER_HEADROOM_BYTES = 128 << 20;

const RUN_ORDER_TASKS_SQL = 'SELECT experiment, task_id FROM run_order_tasks ORDER BY task';

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
  let positions: number[] = [];
  let lengths: number[] = [];
  let bytes = 0;
  let tasks = new Set<string>();
  let ledgerRows = new Map<number, number>();
  const cut = (): ShardFile => {
    const head = toJson({ surface: 'runs', schema_version: SURFACE_SCHEMA_VERSION, generated_from: context.generatedFrom, shard });
    const opening = Buffer.from(`${head.slice(0, -1)},"rows":[\n`);
    const rows = positions.length;
    const file = { path: shardPath(shard), rows, tasks: [...tasks].sort(comparePaths), ledgerRows, data: fillShard(store, opening, positions, lengths, bytes) };
    shard += 1;
    positions = [];
    lengths = [];
    bytes = 0;
    tasks = new Set();
    ledgerRows = new Map();
    return file;
  };
  // The shard order sorts every run: capped, like the other sorts over every run, it spills.
  const release = await limitMemory(context.db, ORDER_HEADROOM_BYTES);
  try {
    await context.db.run(loadSql('run_order_keys'));
    const keys = (await context.db.query(RUN_ORDER_TASKS_SQL)).map((row) => `${row.experiment}/${row.task_id}`);
    let task = -1;
    for await (const chunk of context.db.streamColumns(loadSql('run_order'))) {
      const { ledger_index: ledgers, byte_offset: offsets, byte_length: sizes, task: taskNumbers } = chunk.columns;
      for (let i = 0; i < chunk.rows; i++) {
        if (bytes >= SHARD_BYTES) {
          yield cut();
          task = -1;
        }
        const length = sizes![i] as number;
        positions.push(offsets![i] as number);
        lengths.push(length);
        bytes += length + 2;
        // Rows come sorted by experiment and task: a key is added once per run of equal rows.
        if (taskNumbers![i] !== task) {
          task = taskNumbers![i] as number;
          const key = keys[task];
          if (key === undefined) throw new Error(`run_order: task ${task} has no key (${keys.length} known)`);
          tasks.add(key);
        }
        const ledger = ledgers![i] as number;
        ledgerRows.set(ledger, (ledgerRows.get(ledger) ?? 0) + 1);
      }
    }
    if (positions.length > 0) yield cut();
  } finally {
    store.close();
    await release();
    await context.db.run('DROP TABLE IF EXISTS run_order_tasks');
  }
}

/**
 * One shard's bytes: `opening`, the records in shard order joined by `,\n`, then the closing.
 * The records are read in store order, records that lie back to back in the store in one read
 * (a sweep writes a task's models, arms or levels one after another, which shard order splits
 * up): far fewer reads than one a record.
 */
function fillShard(store: RecordStore, opening: Buffer, positions: readonly number[], lengths: readonly number[], bytes: number): Buffer {
  const data = Buffer.allocUnsafe(opening.byteLength + bytes - COMMA_NEWLINE.byteLength + CLOSING.byteLength);
  let at = opening.copy(data, 0);
  const slots = new Array<number>(positions.length);
  for (let k = 0; k < positions.length; k++) {
    if (k > 0) at += COMMA_NEWLINE.copy(data, at);
    slots[k] = at;
    at += lengths[k]!;
  }
  CLOSING.copy(data, at);
  const order = positions.map((_position, k) => k).sort((a, b) => positions[a]! - positions[b]!);
  for (let first = 0; first < order.length; ) {
    let last = first;
    let end = positions[order[first]!]! + lengths[order[first]!]!;
    while (last + 1 < order.length && positions[order[last + 1]!] === end) {
      last += 1;
      end += lengths[order[last]!]!;
    }
    const start = positions[order[first]!]!;
    const text = store.read(start, end - start);
    for (let m = first; m <= last; m++) {
      const k = order[m]!;
      const from = positions[k]! - start;
      data.set(text.subarray(from, from + lengths[k]!), slots[k]!);
    }
    first = last + 1;
  }
  return data;
}
