import { warn } from '../../lib/warn.ts';
import type { CandidateMap } from './candidates.ts';
import type { ComparisonSpec } from './paired-stats.ts';
import { medianOrNull, orderPowerLevels } from './power-levels.ts';
import type { ComparableRun } from './run-row.ts';
import { compareValues } from '../surfaces/order.ts';

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

/**
 * Every comparison worth making in these runs, in a stable order:
 * - each original → candidate pair (from candidates.json, plus `extraPairs` named on the command
 *   line) with both models present, per experiment × arm × power level they share;
 * - for each model run at several power levels, each lower level against the highest level the
 *   model ran in that experiment and arm (`kind: 'power_level'`).
 */
export function planComparisons(
  runs: readonly ComparableRun[],
  candidates: CandidateMap,
  extraPairs: readonly (readonly [string, string])[] = [],
): ComparisonSpec[] {
  const cells = new Set<string>();
  const levelWatts = new Map<string, (number | null)[]>();
  for (const run of runs) {
    cells.add(groupKey(run.model, run.experiment, run.arm, run.power_level));
    const key = groupKey(run.model, run.power_level);
    const list = levelWatts.get(key);
    if (list) list.push(run.applied_w);
    else levelWatts.set(key, [run.applied_w]);
  }
  const models = [...new Set(runs.map((run) => run.model))].sort(byText);
  const present = new Set(models);
  const suites = [...new Set(runs.map((run) => groupKey(run.experiment, run.arm)))].sort(byText);
  const levels = [...new Set(runs.map((run) => run.power_level))].sort(byText);

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
    const ordered = orderPowerLevels(modelLevels.map((level) => ({ level, appliedW: medianOrNull(levelWatts.get(groupKey(model, level))!) })));
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
