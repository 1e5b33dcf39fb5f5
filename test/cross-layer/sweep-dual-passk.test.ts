import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { DualScoringSchema, PassAtKSchema, SweepDualScoringSchema, SweepPassAtKSchema } from '../../schema/surfaces/index.ts';
import { pooledDualScoring } from '../../ui/logic/sweep-dual.ts';
import { pooledPassAtK } from '../../ui/logic/sweep-pass-at-k.ts';
import { rowsOfSweeps } from '../../ui/logic/sweep-pool.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../exporter/memory-effects.ts';

/**
 * The dual-scoring and pass@k pages pool per-sweep rows; over every sweep that must be the
 * exported files' figures exactly. The paired fixture is one sweep: here every other record is
 * moved to a second sweep, and the first few records are recorded again, later, in the second
 * sweep with the opposite outcome, so a task's samples span sweeps and the latest-record rule
 * has something to supersede.
 */
const SECOND = 'paired-fixture-b';
const AGAIN = 4;

function twoSweeps(ledger: string): string {
  const records = ledger
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown> & { evaluation: { passed: boolean; score: number } });
  const moved = records.map((record, index) => (index % 2 === 1 ? { ...record, sweep_id: SECOND } : record));
  const again = records.slice(0, AGAIN).map((record) => ({
    ...record,
    run_id: `${String(record.run_id)}-again`,
    sweep_id: SECOND,
    recorded_at: '2026-03-09T09:00:00.000Z',
    evaluation: { ...record.evaluation, passed: !record.evaluation.passed, score: record.evaluation.passed ? 0 : 1 },
    failure: record.evaluation.passed ? { stage: 'semantic', class: 'wrong_answer', message: 'recorded again, failed' } : null,
  }));
  answered = [...moved, ...again].filter((record) => (record.failure as { stage?: string } | null | undefined)?.stage !== 'transport') as {
    sweep_id: string;
  }[];
  recordCount = moved.length + again.length;
  return `${[...moved, ...again].map((record) => JSON.stringify(record)).join('\n')}\n`;
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

describe('pooling sweep_dual_scoring', () => {
  it('over every sweep gives dual_scoring runs, score sums and means; deltas stay the export’s', () => {
    const exported = DualScoringSchema.parse(outputJson(effects, 'dual_scoring.json')).rows;
    const perSweep = SweepDualScoringSchema.parse(outputJson(effects, 'sweep_dual_scoring.json')).rows;
    expect(exported.length).toBeGreaterThan(0);
    expect(sweepsOf(perSweep)).toEqual(['paired-fixture', SECOND]);
    const pooled = new Map(pooledDualScoring(perSweep, exported).map((row) => [`${row.model}|${row.experiment}|${row.arm}`, row]));
    expect(pooled.size).toBe(exported.length);
    for (const row of exported) {
      const mine = pooled.get(`${row.model}|${row.experiment}|${row.arm}`)!;
      expect(mine.runs).toBe(row.runs);
      expect(mine.format_score_nano_sum).toBe(row.format_score_nano_sum);
      expect(mine.executor_score_nano_sum).toBe(row.executor_score_nano_sum);
      expect(sig(mine.mean_format_score)).toBe(row.mean_format_score);
      expect(sig(mine.mean_executor_score)).toBe(row.mean_executor_score);
      expect(mine.classification).toBe(row.classification);
    }
  });

  it('over one sweep counts only that sweep’s runs', () => {
    const exported = DualScoringSchema.parse(outputJson(effects, 'dual_scoring.json')).rows;
    const perSweep = SweepDualScoringSchema.parse(outputJson(effects, 'sweep_dual_scoring.json')).rows;
    const a = pooledDualScoring(rowsOfSweeps(perSweep, ['paired-fixture']), exported);
    const b = pooledDualScoring(rowsOfSweeps(perSweep, [SECOND]), exported);
    const total = (rows: readonly { runs: number }[]) => rows.reduce((sum, row) => sum + row.runs, 0);
    expect(total(a) + total(b)).toBe(total(exported));
    expect(total(a)).toBeGreaterThan(0);
    expect(total(b)).toBeGreaterThan(0);
  });
});

describe('pooling sweep_pass_at_k', () => {
  it('over every sweep gives pass_at_k rows exactly: tasks, samples, passes and every pass@k', () => {
    const exported = PassAtKSchema.parse(outputJson(effects, 'pass_at_k.json')).rows;
    const perSweep = SweepPassAtKSchema.parse(outputJson(effects, 'sweep_pass_at_k.json')).rows;
    expect(sweepsOf(perSweep)).toEqual(['paired-fixture', SECOND]);
    const rounded = (rows: typeof exported) => rows.map((row) => ({ ...row, pass_at: row.pass_at.map((entry) => ({ ...entry, value: sig(entry.value) })) }));
    expect(rounded(pooledPassAtK(perSweep))).toEqual(rounded(exported));
  });

  it('counts a sample recorded again in a later sweep once, in the later sweep', () => {
    const exported = PassAtKSchema.parse(outputJson(effects, 'pass_at_k.json')).rows;
    const perSweep = SweepPassAtKSchema.parse(outputJson(effects, 'sweep_pass_at_k.json')).rows;
    const samples = (rows: readonly { samples: number }[]) => rows.reduce((sum, row) => sum + row.samples, 0);
    const first = pooledPassAtK(rowsOfSweeps(perSweep, ['paired-fixture']));
    const second = pooledPassAtK(rowsOfSweeps(perSweep, [SECOND]));
    expect(samples(first) + samples(second)).toBe(samples(exported));
    // Each record recorded again supersedes its first record: the first sweep lost the ones it held (even indices).
    const firstLost = Math.ceil(AGAIN / 2);
    const answeredIn = (sweep: string) => answered.filter((record) => record.sweep_id === sweep).length;
    const nIn = (sweep: string) => perSweep.filter((row) => row.sweep_id === sweep).reduce((sum, row) => sum + row.n, 0);
    expect(nIn('paired-fixture')).toBe(answeredIn('paired-fixture') - firstLost);
    expect(nIn(SECOND)).toBe(answeredIn(SECOND) - (AGAIN - firstLost));
  });
});
