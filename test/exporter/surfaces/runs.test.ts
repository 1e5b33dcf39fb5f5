import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../exporter/duckdb.ts';
import { RUN_COLUMNS } from '../../../exporter/ledgers/flatten.ts';
import type { RecordStore } from '../../../exporter/ledgers/record-store.ts';
import { buildRunShards, SHARD_BYTES } from '../../../exporter/surfaces/runs.ts';

/** `count` records back to back in one store file, each padded so ten fill a shard. */
function memoryStore(count: number) {
  const texts = Array.from({ length: count }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(SHARD_BYTES / 10) }));
  const bytes = Buffer.from(texts.join(''));
  const positions: number[] = [];
  let at = 0;
  for (const text of texts) {
    positions.push(at);
    at += Buffer.byteLength(text);
  }
  const reads: [number, number][] = [];
  const store: RecordStore = {
    folder: '',
    read(position, length) {
      reads.push([position, length]);
      return bytes.subarray(position, position + length);
    },
    attach: () => 0,
    close: () => {},
  };
  return { texts, positions, reads, store };
}

describe('run shards', () => {
  it('hold every record in shard order, read in store order with back-to-back records read at once', async () => {
    const count = 25;
    const { texts, positions, reads, store } = memoryStore(count);
    // Records i = 0, 1 go to task t0, 2, 3 to t1, 4, 5 to t0 …: shard order takes the store's
    // records in pairs, skipping every other pair.
    const task = (i: number) => `t${Math.floor(i / 2) % 2}`;
    const value = (name: string, kind: string, i: number) => {
      if (name === 'run_id') return `'r${String(i).padStart(2, '0')}'`;
      if (name === 'task_id') return `'${task(i)}'`;
      if (name === 'repeat') return String(i);
      if (name === 'byte_offset') return String(positions[i]);
      if (name === 'byte_length') return String(Buffer.byteLength(texts[i]!));
      if (name === 'ledger_index') return String(i % 2);
      if (kind === 'boolean') return 'false';
      if (kind === 'double') return '0';
      return kind === 'varchar' ? "'v'" : '0';
    };
    const db = await openDatabase();
    try {
      const rows = texts.map((_, i) => `(${RUN_COLUMNS.map(([name, kind]) => value(name, kind, i)).join(', ')})`);
      await db.run(`INSERT INTO runs VALUES ${rows.join(', ')}`);
      const limit = "SELECT current_setting('memory_limit') AS value";
      const before = await db.query(limit);
      const shards = [];
      for await (const shard of buildRunShards({ db, generatedFrom: {} as never } as never, store)) shards.push(shard);
      // The shard order's sort runs under a cap of its own; what comes after must not inherit it.
      expect(await db.query(limit)).toEqual(before);
      const expected = texts.map((text, i) => ({ text, i })).sort((a, b) => task(a.i).localeCompare(task(b.i)) || a.i - b.i);
      const written = shards.flatMap((shard) => {
        const body = JSON.parse(Buffer.from(shard.data).toString()) as { shard: number; rows: { i: number }[] };
        expect(body.rows).toHaveLength(shard.rows);
        return body.rows.map((row) => row.i);
      });
      expect(written).toEqual(expected.map((row) => row.i));
      expect(shards.map((shard) => shard.path)).toEqual(['runs/runs-0001.json', 'runs/runs-0002.json', 'runs/runs-0003.json']);
      expect(shards[0]!.tasks).toEqual(['v/t0']);
      expect(shards.reduce((sum, shard) => sum + (shard.ledgerRows.get(1) ?? 0), 0)).toBe(12);
      // Each shard's rows are rows of the store text, joined exactly as the file format says.
      const first = Buffer.from(shards[0]!.data).toString();
      expect(first).toContain(`\n${expected[0]!.text},\n${expected[1]!.text},\n`);
      expect(first.endsWith(`${expected[9]!.text}\n]}\n`)).toBe(true);
      // Pairs lie back to back in the store: about one read per pair, never one per record.
      expect(reads.length).toBeLessThanOrEqual(Math.ceil(count / 2) + shards.length);
    } finally {
      await db.close();
    }
  });
});
