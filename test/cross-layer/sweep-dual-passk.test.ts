import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { PassAtKSchema, SweepPassAtKSchema } from '../../schema/surfaces/index.ts';
import { pooledPassAtK } from '../../ui/logic/sweep-pass-at-k.ts';
import { rowsOfSweeps } from '../../ui/logic/sweep-pool.ts';
import { AGAIN, FIRST, SECOND, ledgerText, twoSweepRecords } from './two-sweeps.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../exporter/memory-effects.ts';

/**
 * The pass@k page pools per-sweep rows; over every sweep that must be the exported file's figures
 * exactly (the two sweeps: ./two-sweeps.ts). The dual-scoring page recomputes from the pairs
 * files instead (test/cross-layer/sweep-paired.test.ts).
 */
function twoSweeps(ledger: string): string {
  const records = twoSweepRecords(ledger);
  answered = records.filter((record) => (record.failure as { stage?: string } | null | undefined)?.stage !== 'transport');
  recordCount = records.length;
  return ledgerText(records);
}

let effects: MemoryEffects;
/** The records the server answered, in both sweeps. */
let answered: { sweep_id: string }[] = [];
let recordCount = 0;
beforeAll(async () => {
  const files = readFixtureFolder(`${FIXTURES}paired`, 'ledgers');
  const ledger = [...files.keys()].find((path) => path.endsWith('.jsonl'))!;
  files.set(ledger, Buffer.from(twoSweeps(Buffer.from(files.get(ledger)!).toString('utf8'))));
  effects = memoryEffects(files);
  const { exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects);
  expect(exitCode).toBe(0);
  // Every edited record is accepted: none is lost to validation.
  expect(PassAtKSchema.parse(outputJson(effects, 'pass_at_k.json')).generated_from.records).toBe(recordCount);
});

// The serialiser keeps 6 significant digits of a non-integer (exporter/write.ts).
const sig = (value: number) => Number(value.toPrecision(6));
const sweepsOf = (rows: readonly { sweep_id: string }[]) => [...new Set(rows.map((row) => row.sweep_id))].sort();

describe('pooling sweep_pass_at_k', () => {
  it('over every sweep gives pass_at_k rows exactly: tasks, samples, passes and every pass@k', () => {
    const exported = PassAtKSchema.parse(outputJson(effects, 'pass_at_k.json')).rows;
    const perSweep = SweepPassAtKSchema.parse(outputJson(effects, 'sweep_pass_at_k.json')).rows;
    expect(sweepsOf(perSweep)).toEqual([FIRST, SECOND]);
    const rounded = (rows: typeof exported) => rows.map((row) => ({ ...row, pass_at: row.pass_at.map((entry) => ({ ...entry, value: sig(entry.value) })) }));
    expect(rounded(pooledPassAtK(perSweep))).toEqual(rounded(exported));
  });

  it('counts a sample recorded again in a later sweep once, in the later sweep', () => {
    const exported = PassAtKSchema.parse(outputJson(effects, 'pass_at_k.json')).rows;
    const perSweep = SweepPassAtKSchema.parse(outputJson(effects, 'sweep_pass_at_k.json')).rows;
    const samples = (rows: readonly { samples: number }[]) => rows.reduce((sum, row) => sum + row.samples, 0);
    const first = pooledPassAtK(rowsOfSweeps(perSweep, [FIRST]));
    const second = pooledPassAtK(rowsOfSweeps(perSweep, [SECOND]));
    expect(samples(first) + samples(second)).toBe(samples(exported));
    // Each record recorded again supersedes its first record: the first sweep lost the ones it held (even indices).
    const firstLost = Math.ceil(AGAIN / 2);
    const answeredIn = (sweep: string) => answered.filter((record) => record.sweep_id === sweep).length;
    const nIn = (sweep: string) => perSweep.filter((row) => row.sweep_id === sweep).reduce((sum, row) => sum + row.n, 0);
    expect(nIn(FIRST)).toBe(answeredIn(FIRST) - firstLost);
    expect(nIn(SECOND)).toBe(answeredIn(SECOND) - (AGAIN - firstLost));
  });
});
