import { describe, expect, it } from 'vitest';
import { shapeIndex } from '../../../exporter/surfaces/manifest.ts';
import type { LoadedLedgers } from '../../../exporter/ledgers/load.ts';

const SHA = 'a'.repeat(64);
const ledger = (path: string) => ({ path, displayPath: `ledgers/${path}`, lines: 5, bytes: 100, sha256: SHA });
const loaded = {
  files: [ledger('b.jsonl'), ledger('a.jsonl'), ledger('empty.jsonl')],
  rejected: [],
  accepted: 9,
  duplicates: 0,
  simulated: 0,
} as unknown as LoadedLedgers;
const generatedFrom = { ledger_files: 3, records: 9, simulated_records: 0 } as never;

describe('index.json: what each input ledger produced', () => {
  const index = shapeIndex(loaded, generatedFrom, [], [], {
    // Written out of path order, and shard 2 holds nothing of ledger 0.
    shards: [
      { path: 'runs/runs-0002.json', ledgerRows: new Map([[1, 3]]) },
      {
        path: 'runs/runs-0001.json',
        ledgerRows: new Map([
          [0, 4],
          [1, 2],
        ]),
      },
    ],
    sweeps: [
      { ledger_index: 1, sweep_id: 'sweep-z', records: 1 },
      { ledger_index: 0, sweep_id: 'sweep-b', records: 4 },
      { ledger_index: 1, sweep_id: 'sweep-a', records: 4 },
    ],
  });

  it('lists a ledger its sweeps and shards, sorted, with only the shards that hold its records', () => {
    expect(index.ledgers[0]!.produced).toEqual({
      records: 4,
      sweeps: [{ sweep_id: 'sweep-b', records: 4 }],
      run_shards: [{ path: 'runs/runs-0001.json', rows: 4 }],
    });
    expect(index.ledgers[1]!.produced).toEqual({
      records: 5,
      sweeps: [
        { sweep_id: 'sweep-a', records: 4 },
        { sweep_id: 'sweep-z', records: 1 },
      ],
      run_shards: [
        { path: 'runs/runs-0001.json', rows: 2 },
        { path: 'runs/runs-0002.json', rows: 3 },
      ],
    });
  });

  it('says a ledger whose lines were all rejected produced nothing', () => {
    expect(index.ledgers[2]!.produced).toEqual({ records: 0, sweeps: [], run_shards: [] });
  });

  it('accounts for every accepted record exactly once', () => {
    const produced = index.ledgers.map((entry) => entry.produced!);
    expect(produced.reduce((sum, entry) => sum + entry.records, 0)).toBe(loaded.accepted);
    expect(produced.flatMap((entry) => entry.run_shards).reduce((sum, shard) => sum + shard.rows, 0)).toBe(loaded.accepted);
  });
});
