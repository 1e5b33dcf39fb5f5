import { describe, expect, it } from 'vitest';
import { encodePairRun, decodePairRuns, type SweepRun } from '../../../core/paired/pair-runs.ts';
import type { ComparisonPairs } from '../../../schema/surfaces/comparison-pairs.ts';
import { cellsOfSweeps, comparisonsForSweeps } from '../../../ui/logic/sweep-paired.ts';
import { run } from '../../core/paired/make-run.ts';

const generatedFrom = { ledger_files: 1, records: 0, simulated_records: 0, ledgers_sha256: 'x' };

/** Twelve tasks for two models in sweep s1; task t000 recorded again, later and failing, for the candidate in s2. */
function fixture(): { pairs: ComparisonPairs; files: Map<string, SweepRun[]> } {
  const make = (model: string, task: number, passed: boolean, sweep_id: string, recorded_at = '2026-01-01T00:00:00.000Z') => ({
    ...run({ model, task_id: `t${String(task).padStart(3, '0')}`, passed, score: passed ? 1 : 0, recorded_at }),
    sweep_id,
  });
  const original = Array.from({ length: 12 }, (_, t) => make('big', t, true, 's1'));
  const candidate = [...Array.from({ length: 12 }, (_, t) => make('small', t, true, 's1')), make('small', 0, false, 's2', '2026-02-01T00:00:00.000Z')];
  const sides = [
    { model: 'big', experiment: 'suite', arm: 'plain', power_level: 'default', runs: original.length, files: ['comparison_pairs/pairs-0001.json'] },
    { model: 'small', experiment: 'suite', arm: 'plain', power_level: 'default', runs: candidate.length, files: ['comparison_pairs/pairs-0002.json'] },
  ];
  const files = new Map<string, SweepRun[]>();
  for (const [i, runs] of [original, candidate].entries()) {
    const sweeps = [...new Set(runs.map((r) => r.sweep_id))].sort();
    const side = { model: runs[0]!.model, experiment: 'suite', arm: 'plain', power_level: 'default' };
    const shard = {
      surface: 'comparison_pairs_side' as const,
      schema_version: 1 as const,
      generated_from: generatedFrom,
      side,
      sweeps,
      rows: runs.map((r) => encodePairRun(r, sweeps.indexOf(r.sweep_id))),
    };
    files.set(sides[i]!.files[0]!, decodePairRuns(shard as never));
  }
  const cell = (model: string, sweep_id: string, runs: number) => ({
    sweep_id,
    model,
    experiment: 'suite',
    arm: 'plain',
    power_level: 'default',
    applied_w: null,
    runs,
  });
  const pairs: ComparisonPairs = {
    surface: 'comparison_pairs',
    schema_version: 1,
    generated_from: generatedFrom,
    options: { candidates: { big: ['small'] }, margin_points: 5, holm: false, alpha: 0.05 },
    sides,
    rows: [cell('big', 's1', 12), cell('small', 's1', 12), cell('small', 's2', 1)],
  };
  return { pairs, files };
}

describe('paired statistics of a sweep subset', () => {
  it('plans from the selected sweeps’ cells only, their runs added per side', () => {
    const { pairs } = fixture();
    expect(cellsOfSweeps(pairs, new Set(['s1', 's2'])).find((cell) => cell.model === 'small')?.runs).toBe(13);
    expect(cellsOfSweeps(pairs, new Set(['s2'])).map((cell) => cell.model)).toEqual(['small']);
  });

  it('lets a key recorded again in an unselected sweep leave the selected sweep’s record standing', async () => {
    const { pairs, files } = fixture();
    const load = async (path: string) => files.get(path)!;
    const both = await comparisonsForSweeps(pairs, ['s1', 's2'], load);
    const first = await comparisonsForSweeps(pairs, ['s1'], load);
    // Over both sweeps the later, failing record of t000 supersedes: the candidate lost one task.
    expect(both.rows[0]).toMatchObject({ pairs: 12, original_only: 1, unpaired_runs_excluded: 1 });
    expect(first.rows[0]).toMatchObject({ pairs: 12, original_only: 0, unpaired_runs_excluded: 0 });
    // s2 alone holds no run of the original: nothing to compare, no row.
    expect((await comparisonsForSweeps(pairs, ['s2'], load)).rows).toEqual([]);
  });
});
