/**
 * The paired statistics of a sweep subset, recomputed from the run-level pair data
 * (comparison_pairs.json and its side files) with the exporter's own code (core/paired/): cells
 * summed over the selected sweeps plan the comparisons, each side's runs of those sweeps pair on
 * task × repeat × sample with the later record of a key winning, and Holm, verdicts and
 * recommendations follow. So a subset's numbers are what an export of only those sweeps gives,
 * including when a key was recorded in two sweeps and only one of them is selected.
 */
import { compareSides, type ComparisonResult } from '../../core/paired/compare.ts';
import { dualScoringRows, sortDualScoringRows } from '../../core/paired/dual-scoring.ts';
import type { ComparisonSpec } from '../../core/paired/paired-stats.ts';
import type { SweepRun } from '../../core/paired/pair-runs.ts';
import { planFromCells, type RunCell } from '../../core/paired/plan.ts';
import type { ComparisonPairs } from '../../schema/surfaces/comparison-pairs.ts';
import type { DualScoringRow } from '../../schema/surfaces/dual-scoring.ts';

/** Loads one pairs file's runs (validated and decoded). */
export type PairsFileLoader = (path: string) => Promise<readonly SweepRun[]>;

const sideKey = (model: string, experiment: string, arm: string, level: string) => JSON.stringify([model, experiment, arm, level]);

/** The planning cells of the selected sweeps: per side and applied limit, their runs added up. */
export function cellsOfSweeps(pairs: ComparisonPairs, sweeps: ReadonlySet<string>): RunCell[] {
  const cells = new Map<string, RunCell>();
  for (const row of pairs.rows) {
    if (!sweeps.has(row.sweep_id)) continue;
    const key = JSON.stringify([row.model, row.experiment, row.arm, row.power_level, row.applied_w]);
    const cell = cells.get(key);
    if (cell) cell.runs += row.runs;
    else cells.set(key, { model: row.model, experiment: row.experiment, arm: row.arm, power_level: row.power_level, applied_w: row.applied_w, runs: row.runs });
  }
  return [...cells.values()];
}

/** A side's runs in the selected sweeps, in file order (the order the export pairs them in). */
function sideLoader(pairs: ComparisonPairs, sweeps: ReadonlySet<string>, load: PairsFileLoader) {
  const files = new Map(pairs.sides.map((side) => [sideKey(side.model, side.experiment, side.arm, side.power_level), side.files]));
  return async (model: string, experiment: string, arm: string, level: string): Promise<SweepRun[]> => {
    const parts = await Promise.all((files.get(sideKey(model, experiment, arm, level)) ?? []).map(load));
    return parts.flat().filter((run) => sweeps.has(run.sweep_id));
  };
}

/**
 * comparisons.json's rows and recommendations for the selected sweeps. `keep` narrows the planned
 * comparisons to those a page needs (it must keep every member of a Holm family and of a
 * recommendation group it shows, or their numbers would change): only their sides are loaded.
 */
export async function comparisonsForSweeps(
  pairs: ComparisonPairs,
  sweeps: readonly string[],
  load: PairsFileLoader,
  keep: (spec: ComparisonSpec) => boolean = () => true,
): Promise<ComparisonResult> {
  const selected = new Set(sweeps);
  const { candidates, margin_points, holm, alpha } = pairs.options;
  const specs = planFromCells(cellsOfSweeps(pairs, selected), candidates).filter(keep);
  return compareSides(specs, sideLoader(pairs, selected, load), { candidates, marginPoints: margin_points, holm, alpha });
}

/**
 * dual_scoring.json's rows for the selected sweeps: every arm of each model × suite that has
 * format-scored runs there, paired against plain per power level, as the export computes them.
 */
export async function dualScoringForSweeps(
  pairs: ComparisonPairs,
  sweeps: readonly string[],
  groups: readonly { model: string; experiment: string }[],
  load: PairsFileLoader,
): Promise<DualScoringRow[]> {
  const selected = new Set(sweeps);
  const side = sideLoader(pairs, selected, load);
  const rows: DualScoringRow[] = [];
  for (const { model, experiment } of groups) {
    // Side files come in arm, power level order within a model and suite: dual_scoring_runs.sql's order.
    const sides = pairs.sides.filter((entry) => entry.model === model && entry.experiment === experiment);
    const runs = (await Promise.all(sides.map((entry) => side(entry.model, entry.experiment, entry.arm, entry.power_level)))).flat();
    rows.push(...dualScoringRows(runs.filter((run) => run.format_score !== null)));
  }
  return sortDualScoringRows(rows);
}
