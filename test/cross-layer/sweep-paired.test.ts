import { beforeAll, describe, expect, it } from 'vitest';
import { decodePairRuns } from '../../core/paired/pair-runs.ts';
import { runExport } from '../../exporter/export.ts';
import { toJson } from '../../exporter/write.ts';
import { ComparisonPairsSchema, ComparisonPairsShardSchema, ComparisonsSchema, DualScoringSchema, type ComparisonPairs } from '../../schema/surfaces/index.ts';
import { comparisonsForSweeps, dualScoringForSweeps, type PairsFileLoader } from '../../ui/logic/sweep-paired.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../exporter/memory-effects.ts';
import { FIRST, SECOND, ledgerText, twoSweepRecords, type FixtureRecord } from './two-sweeps.ts';

/**
 * The comparisons, verdict, pair and dual pages recompute paired statistics for a sweep subset
 * from the pairs files. Over every sweep that must be comparisons.json and dual_scoring.json
 * exactly; over a subset, exactly what the real exporter writes when it is run over only that
 * subset's records — the strong check, which also covers a key recorded in both sweeps.
 */
async function exportRecords(records: readonly FixtureRecord[]): Promise<MemoryEffects> {
  const files = readFixtureFolder(`${FIXTURES}paired`, 'ledgers');
  const ledger = [...files.keys()].find((path) => path.endsWith('.jsonl'))!;
  files.set(ledger, Buffer.from(ledgerText(records)));
  const effects = memoryEffects(files);
  const { exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects);
  expect(exitCode).toBe(0);
  return effects;
}

let records: FixtureRecord[];
let whole: MemoryEffects;
let pairs: ComparisonPairs;
let load: PairsFileLoader;
beforeAll(async () => {
  const files = readFixtureFolder(`${FIXTURES}paired`, 'ledgers');
  const ledger = [...files.keys()].find((path) => path.endsWith('.jsonl'))!;
  records = twoSweepRecords(Buffer.from(files.get(ledger)!).toString('utf8'));
  whole = await exportRecords(records);
  pairs = ComparisonPairsSchema.parse(outputJson(whole, 'comparison_pairs.json'));
  load = async (path) => decodePairRuns(ComparisonPairsShardSchema.parse(outputJson(whole, path)));
});

/** As the file holds it: the serialiser's rounding, then parsed back. */
const asWritten = (value: unknown): unknown => JSON.parse(toJson(value));
const comparisonsOf = (effects: MemoryEffects) => {
  const file = ComparisonsSchema.parse(outputJson(effects, 'comparisons.json'));
  return asWritten({ rows: file.rows, recommendations: file.recommendations });
};
const dualOf = (effects: MemoryEffects) => asWritten(DualScoringSchema.parse(outputJson(effects, 'dual_scoring.json')).rows);
const dualGroups = (rows: readonly { model: string; experiment: string }[]) => [
  ...new Map(rows.map((row) => [`${row.model}\u0000${row.experiment}`, { model: row.model, experiment: row.experiment }])).values(),
];

describe('comparison_pairs files', () => {
  it('list every pairs file the export wrote, each valid, and hold every answered run once', () => {
    const written = [...whole.output.keys()].filter((path) => path.startsWith('comparison_pairs/')).sort();
    expect(pairs.sides.flatMap((side) => side.files).sort()).toEqual(written);
    const runs = pairs.sides.reduce((sum, side) => sum + side.runs, 0);
    expect(pairs.rows.reduce((sum, row) => sum + row.runs, 0)).toBe(runs);
    const answered = records.filter((record) => (record.failure as { stage?: string } | null)?.stage !== 'transport');
    expect(runs).toBe(answered.length);
    expect([...new Set(pairs.rows.map((row) => row.sweep_id))].sort()).toEqual([FIRST, SECOND]);
  });
});

describe('paired statistics recomputed for sweeps', () => {
  it('over every sweep equal comparisons.json and dual_scoring.json', async () => {
    const recomputed = await comparisonsForSweeps(pairs, [FIRST, SECOND], load);
    const exported = comparisonsOf(whole) as { rows: unknown[] };
    expect(exported.rows.length).toBeGreaterThan(0);
    expect(asWritten({ rows: recomputed.rows, recommendations: recomputed.recommendations })).toEqual(exported);
    const dual = DualScoringSchema.parse(outputJson(whole, 'dual_scoring.json')).rows;
    expect(dual.some((row) => row.format_delta !== null)).toBe(true);
    expect(asWritten(await dualScoringForSweeps(pairs, [FIRST, SECOND], dualGroups(dual), load))).toEqual(dualOf(whole));
  });

  it.each([[FIRST], [SECOND]])('over sweep %s equal a real export of only that sweep’s records', async (sweep) => {
    const alone = await exportRecords(records.filter((record) => record.sweep_id === sweep));
    const recomputed = await comparisonsForSweeps(pairs, [sweep], load);
    const expected = comparisonsOf(alone) as { rows: { pairs: number }[] };
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(asWritten({ rows: recomputed.rows, recommendations: recomputed.recommendations })).toEqual(expected);
    // A subset is not the whole: its paired counts differ from the all-sweeps file's.
    expect(expected).not.toEqual(comparisonsOf(whole));
    const dual = DualScoringSchema.parse(outputJson(alone, 'dual_scoring.json')).rows;
    expect(asWritten(await dualScoringForSweeps(pairs, [sweep], dualGroups(dual), load))).toEqual(dualOf(alone));
  });

  it('loads only the sides a kept comparison needs', async () => {
    const loaded = new Set<string>();
    const counting: PairsFileLoader = (path) => {
      loaded.add(path);
      return load(path);
    };
    const all = await comparisonsForSweeps(pairs, [FIRST], load);
    const first = all.rows[0]!;
    const one = await comparisonsForSweeps(pairs, [FIRST], counting, (spec) => spec.original === first.original && spec.experiment === first.experiment);
    expect(one.rows.length).toBeGreaterThan(0);
    expect(one.rows.every((row) => row.original === first.original && row.experiment === first.experiment)).toBe(true);
    expect(loaded.size).toBeLessThan(pairs.sides.flatMap((side) => side.files).length);
  });
});
