import { describe, expect, it } from 'vitest';
import { ledgerSweepSearch } from '../../../ui/logic/ledger-search.ts';
import type { IndexManifest } from '../../../schema/surfaces/index-manifest.ts';

const ledger = (path: string, sweeps: string[] | null): IndexManifest['ledgers'][number] => ({
  path,
  lines: 1,
  bytes: 1,
  sha256: 'a'.repeat(64),
  ...(sweeps === null
    ? {}
    : {
        produced: {
          records: sweeps.length,
          sweeps: sweeps.map((sweep_id) => ({ sweep_id, records: 1 })),
          run_shards: [{ path: 'runs/runs-0001.json', rows: sweeps.length }],
        },
      }),
});

describe('ledgerSweepSearch: the sweep id that picks out one ledger’s records', () => {
  const ledgers = [ledger('a.jsonl', ['s1']), ledger('b.jsonl', ['s2', 's3']), ledger('c.jsonl', ['s4']), ledger('d.jsonl', ['s4']), ledger('old.jsonl', null)];

  it('is the ledger’s one sweep when no other ledger fed it', () => {
    expect(ledgerSweepSearch(ledgers, 0)).toBe('s1');
  });

  it('is null for a ledger of several sweeps, a sweep two ledgers fed, an export without the trail, or no such ledger', () => {
    expect(ledgerSweepSearch(ledgers, 1)).toBeNull();
    expect(ledgerSweepSearch(ledgers, 2)).toBeNull();
    expect(ledgerSweepSearch(ledgers, 3)).toBeNull();
    expect(ledgerSweepSearch(ledgers, 4)).toBeNull();
    expect(ledgerSweepSearch(ledgers, 9)).toBeNull();
  });
});
