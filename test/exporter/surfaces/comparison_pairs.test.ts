import { describe, expect, it } from 'vitest';
import { decodePairRuns, encodePairRun, type SweepRun } from '../../../core/paired/pair-runs.ts';
import { checkedChunk, type RunKeys, type RunPass } from '../../../exporter/comparisons/run-pass.ts';
import { buildComparisonPairFiles, PAIR_FILE_RUNS } from '../../../exporter/surfaces/comparison_pairs.ts';
import type { SurfaceContext } from '../../../exporter/surfaces/context.ts';
import { roundNumber, serializeSurface } from '../../../exporter/write.ts';
import { ComparisonPairsShardSchema, SURFACE_SCHEMA_VERSION } from '../../../schema/surfaces/index.ts';
import { run } from '../../core/paired/make-run.ts';

const generatedFrom = { ledger_files: 1, records: 3, simulated_records: 0, ledgers_sha256: 'x' };

/**
 * The run pass (exporter/comparisons/run-pass.ts) over `rows` as comparison_run_keys.sql and
 * comparison_runs.sql would give it, `size` rows a chunk: sides numbered in order of appearance
 * (the rows come side by side), sweeps and tasks in sorted order.
 */
function passOf(rows: readonly Record<string, unknown>[], size: number): RunPass {
  const sideKey = (row: Record<string, unknown>) => JSON.stringify([row.model, row.experiment, row.arm, row.power_level]);
  const sides: RunKeys['sides'] = [];
  const sideIndex = new Map<string, number>();
  for (const row of rows) {
    const key = sideKey(row);
    if (!sideIndex.has(key)) {
      sideIndex.set(key, sides.length);
      sides.push({ model: row.model as string, experiment: row.experiment as string, arm: row.arm as string, power_level: row.power_level as string, runs: 0 });
    }
    sides[sideIndex.get(key)!]!.runs += 1;
  }
  const sweeps = [...new Set(rows.map((row) => row.sweep_id as string))].sort();
  const tasks = [...new Set(rows.map((row) => row.task_id as string))].sort();
  const keys = { sides, sweeps, tasks };
  const numbered = rows.map(({ model: _m, experiment: _e, arm: _a, power_level: _p, sweep_id, task_id, ...rest }) => ({
    side: sideIndex.get(sideKey({ model: _m, experiment: _e, arm: _a, power_level: _p }))!,
    sweep: sweeps.indexOf(sweep_id as string),
    task: tasks.indexOf(task_id as string),
    ...rest,
  }));
  const names = Object.keys(numbered[0]!);
  async function* chunks() {
    for (let start = 0; start < numbered.length; start += size) {
      const part = numbered.slice(start, start + size);
      const columns = Object.fromEntries(names.map((name) => [name, part.map((row) => (row as Record<string, unknown>)[name])]));
      yield checkedChunk({ rows: part.length, columns }, start, keys);
    }
  }
  return { keys, chunks: chunks() };
}

const context = { generatedFrom } as unknown as SurfaceContext;

/** The files as the tuple encoder and the surface serialiser write them, a run object at a time. */
function expectedFiles(runs: readonly SweepRun[]): string[] {
  const files: SweepRun[][] = [];
  for (const r of runs) {
    const current = files.at(-1);
    const same = current !== undefined && (['model', 'experiment', 'arm', 'power_level'] as const).every((key) => current[0]![key] === r[key]);
    if (same && current.length < PAIR_FILE_RUNS) current.push(r);
    else files.push([r]);
  }
  return files.map((part) => {
    const sweeps = [...new Set(part.map((r) => r.sweep_id))].sort();
    const { model, experiment, arm, power_level } = part[0]!;
    const body = {
      surface: 'comparison_pairs_side',
      schema_version: SURFACE_SCHEMA_VERSION,
      generated_from: generatedFrom,
      side: { model, experiment, arm, power_level },
      sweeps,
      rows: part.map((r) => encodePairRun(r, sweeps.indexOf(r.sweep_id))),
    };
    return serializeSurface(body);
  });
}

async function built(rows: readonly Record<string, unknown>[], size: number) {
  const files = [];
  for await (const file of buildComparisonPairFiles(context, passOf(rows, size))) files.push(file);
  return files;
}

// Numbers the two spellings could disagree on: -0, more than 6 digits, integers past a million, tiny and huge ones.
const awkward: SweepRun[] = [
  { ...run({ score: 1 / 3, applied_w: 287.123456789, joules: -0, wall_ms: 1234567, usd: 5e-324, output_tokens: 999999 }), sweep_id: 's2' },
  { ...run({ score: 0.1 + 0.2, applied_w: -0, joules: 1e21, wall_ms: 1e-7, usd: 123456, format_score: 0.5 }), sweep_id: 's1' },
  { ...run({ task_id: 'say "hi"\n\u2028é', harness_suspect: 'timeout\t"x"', passed: false, score: 0 }), sweep_id: 's10' },
  { ...run({ joules: null, wall_ms: null, usd: null, output_tokens: null, format_score: null, applied_w: 300 }), sweep_id: 's1' },
  { ...run({ arm: 'other', score: 123456.7, joules: 0.000001234567 }), sweep_id: 's1' },
  { ...run({ arm: 'other', score: 1e6, wall_ms: 2 ** 53 }), sweep_id: 's3' },
  { ...run({ model: 'sim:b', score: -1.5, repeat: 3, sample: 2 }), sweep_id: 's1' },
];

describe('comparison_pairs side files', () => {
  it('are byte for byte what encodePairRun and serializeSurface write, whatever the chunk size', async () => {
    const expected = expectedFiles(awkward);
    expect(expected).toHaveLength(3);
    for (const size of [1, 2, 3, 7]) {
      const files = await built(awkward, size);
      expect(files.map((file) => file.data)).toEqual(expected);
      expect(files.map((file) => [file.path, file.rows])).toEqual([
        ['comparison_pairs/pairs-0001.json', 4],
        ['comparison_pairs/pairs-0002.json', 2],
        ['comparison_pairs/pairs-0003.json', 1],
      ]);
    }
  });

  it('decode back to the runs they were written from', async () => {
    const files = await built(awkward, 3);
    const decoded = files.flatMap((file) => decodePairRuns(ComparisonPairsShardSchema.parse(JSON.parse(file.data))));
    // The applied limit is not an exact field: it is rounded like any surface number. -0 is written
    // as 0 (JSON has no -0); every other value comes back exactly.
    const roundedLimit = (r: SweepRun) => ({ ...r, applied_w: r.applied_w === null ? null : roundNumber(r.applied_w) });
    expect(decoded).toEqual(awkward.map((r) => (Object.is(r.joules, -0) ? { ...roundedLimit(r), joules: 0 } : roundedLimit(r))));
    expect(decoded[0]!.applied_w).toBe(287.123);
    expect(decoded[0]!.score).toBe(1 / 3);
  });

  it(`cut a side every ${PAIR_FILE_RUNS} runs, across chunks`, async () => {
    const many = Array.from({ length: PAIR_FILE_RUNS + 3 }, (_, i) => ({ ...run({ repeat: i, wall_ms: 1000 + i / 7 }), sweep_id: `s${i % 3}` }));
    const files = await built(many, 2048);
    expect(files.map((file) => file.rows)).toEqual([PAIR_FILE_RUNS, 3]);
    expect(files.map((file) => file.data)).toEqual(expectedFiles(many));
  });

  it('fail on a column of the wrong type or an unexpected null, naming the column and row', async () => {
    const rows: Record<string, unknown>[] = awkward.map((r) => ({ ...r }));
    rows[4] = { ...rows[4], repeat: '0' };
    await expect(built(rows, 3)).rejects.toThrow(/^comparison_runs row 4: repeat: /);
    rows[4] = { ...rows[4], repeat: 0, score: null };
    await expect(built(rows, 3)).rejects.toThrow(/^comparison_runs row 4: score: /);
    const missing = awkward.map(({ harness_suspect: _suspect, ...rest }) => rest);
    await expect(built(missing, 3)).rejects.toThrow(/^comparison_runs: harness_suspect: /);
    // A number the keys do not hold: the SQL and its keys disagree, which must never pass quietly.
    const pass = passOf(awkward, 3);
    pass.keys.tasks.pop();
    const files = async () => {
      for await (const _file of buildComparisonPairFiles(context, pass));
    };
    await expect(files()).rejects.toThrow(/^comparison_runs row \d+: task: \d+ has no key \(\d+ known\)$/);
  });
});
