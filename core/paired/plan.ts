import { warn } from '../../lib/warn.ts';
import type { CandidateMap } from '../../schema/candidates.ts';
import type { ComparisonSpec } from './paired-stats.ts';
import { orderPowerLevels, weightedMedianOrNull, type WeightedValue } from './power-levels.ts';
import type { z } from 'zod';
import type { ComparableRun, RunCellSchema } from './run-row.ts';
import { compareValues } from '../order.ts';

const groupKey = (...parts: string[]) => parts.join('\u0000');
const byText = compareValues;

/** Runs grouped by (model, experiment, arm, power level): the side of every comparison. */
export function groupRuns(runs: readonly ComparableRun[]): Map<string, ComparableRun[]> {
  const groups = new Map<string, ComparableRun[]>();
  for (const run of runs) {
    const key = groupKey(run.model, run.experiment, run.arm, run.power_level);
    const list = groups.get(key);
    if (list) list.push(run);
    else groups.set(key, [run]);
  }
  return groups;
}

/** The runs on one side of a comparison. */
export function sideOf(groups: Map<string, ComparableRun[]>, model: string, experiment: string, arm: string, level: string): ComparableRun[] {
  return groups.get(groupKey(model, experiment, arm, level)) ?? [];
}

/** One (model, experiment, arm, power level, applied watts) cell and how many runs it holds. */
export type RunCell = z.infer<typeof RunCellSchema>;

/** The cells of some runs: what planning needs, without holding the runs (exporter/sql/comparisons_cells.sql computes the same in SQL). */
export function cellsOfRuns(runs: readonly ComparableRun[]): RunCell[] {
  const cells = new Map<string, RunCell>();
  for (const run of runs) {
    const key = groupKey(run.model, run.experiment, run.arm, run.power_level, String(run.applied_w));
    const cell = cells.get(key);
    if (cell) cell.runs++;
    else {
      const { model, experiment, arm, power_level, applied_w } = run;
      cells.set(key, { model, experiment, arm, power_level, applied_w, runs: 1 });
    }
  }
  return [...cells.values()];
}

/**
 * Every comparison worth making in these runs, in a stable order (see `planFromCells`).
 */
export function planComparisons(
  runs: readonly ComparableRun[],
  candidates: CandidateMap,
  extraPairs: readonly (readonly [string, string])[] = [],
): ComparisonSpec[] {
  return planFromCells(cellsOfRuns(runs), candidates, extraPairs);
}

/**
 * Every comparison worth making, from the run cells, in a stable order:
 * - each original → candidate pair (from candidates.json, plus `extraPairs` named on the command
 *   line) with both models present, per experiment × arm × power level they share;
 * - for each model run at several power levels, each lower level against the highest level the
 *   model ran in that experiment and arm (`kind: 'power_level'`).
 */
export function planFromCells(
  runCells: readonly RunCell[],
  candidates: CandidateMap,
  extraPairs: readonly (readonly [string, string])[] = [],
): ComparisonSpec[] {
  const cells = new Set<string>();
  const levelWatts = new Map<string, WeightedValue[]>();
  for (const cell of runCells) {
    cells.add(groupKey(cell.model, cell.experiment, cell.arm, cell.power_level));
    const key = groupKey(cell.model, cell.power_level);
    const list = levelWatts.get(key);
    if (list) list.push({ value: cell.applied_w, count: cell.runs });
    else levelWatts.set(key, [{ value: cell.applied_w, count: cell.runs }]);
  }
  const models = [...new Set(runCells.map((cell) => cell.model))].sort(byText);
  const present = new Set(models);
  const suites = [...new Set(runCells.map((cell) => groupKey(cell.experiment, cell.arm)))].sort(byText);
  const levels = [...new Set(runCells.map((cell) => cell.power_level))].sort(byText);
  const pairs = new Map<string, [string, string]>();
  for (const [original, list] of Object.entries(candidates)) {
    for (const candidate of list) if (original !== candidate) pairs.set(groupKey(original, candidate), [original, candidate]);
  }
  for (const [original, candidate] of extraPairs) pairs.set(groupKey(original, candidate), [original, candidate]);

  const specs: ComparisonSpec[] = [];
  for (const [original, candidate] of [...pairs.values()].sort(([a1, b1], [a2, b2]) => byText(a1, a2) || byText(b1, b2))) {
    if (!present.has(original) || !present.has(candidate)) continue;
    for (const suite of suites) {
      const [experiment, arm] = suite.split('\u0000') as [string, string];
      for (const level of levels) {
        if (cells.has(groupKey(original, experiment, arm, level)) && cells.has(groupKey(candidate, experiment, arm, level))) {
          specs.push({ kind: 'model', original, candidate, originalPowerLevel: level, candidatePowerLevel: level, experiment, arm });
        }
      }
    }
  }

  for (const model of models) {
    const modelLevels = levels.filter((level) => levelWatts.has(groupKey(model, level)));
    if (modelLevels.length < 2) continue;
    const ordered = orderPowerLevels(modelLevels.map((level) => ({ level, appliedW: weightedMedianOrNull(levelWatts.get(groupKey(model, level))!) })));
    if (ordered === null) {
      warn(`${model}: power levels ${modelLevels.join(', ')} mix percent and watts without applied watts; no power-level comparisons for it`);
      continue;
    }
    for (const suite of suites) {
      const [experiment, arm] = suite.split('\u0000') as [string, string];
      const here = ordered.filter((level) => cells.has(groupKey(model, experiment, arm, level)));
      for (const lower of here.slice(1)) {
        specs.push({ kind: 'power_level', original: model, candidate: model, originalPowerLevel: here[0]!, candidatePowerLevel: lower, experiment, arm });
      }
    }
  }
  return specs;
}
