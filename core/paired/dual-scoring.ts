import type { DualScoringRow } from '../../schema/surfaces/dual-scoring.ts';
import { bootstrapMean, type MeanWithInterval } from './bootstrap.ts';
import { pairRuns } from './pairing.ts';
import type { ComparableRun } from './run-row.ts';
import { MIN_PAIRS } from './verdict.ts';
import { compareValues } from '../order.ts';

/** The arm every other arm is compared against. */
export const BASELINE_ARM = 'plain';

const key = (...parts: string[]) => parts.join('\u0000');
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const text = compareValues;
// Scores summed as integers in 1e-9 units (schema/surfaces/metrics.ts): exact when pooled and serialised.
const nanoSum = (values: readonly number[]) => values.reduce((sum, value) => sum + Math.round(value * 1e9), 0);

/** Significantly above zero / below zero: the 95 % interval excludes 0. */
const above = (d: MeanWithInterval | null) => d !== null && d.ci.low > 0;
const below = (d: MeanWithInterval | null) => d !== null && d.ci.high < 0;

/**
 * What an arm did relative to plain, from the two paired deltas: execution decides first (a
 * contract that makes code work or break is that, whatever the format did); a format gain
 * without an execution gain is `format_only`. Null below 10 paired tasks: a percentile bootstrap
 * over a handful of tasks is too narrow to trust.
 */
export function classifyArm(format: MeanWithInterval | null, executor: MeanWithInterval | null, pairedTasks: number): DualScoringRow['classification'] {
  if (pairedTasks < MIN_PAIRS) return null;
  if (above(executor)) return 'contract_helps';
  if (below(executor)) return 'contract_hurts';
  if (above(format)) return 'format_only';
  return 'no_effect';
}

interface ArmDeltas {
  format: MeanWithInterval | null;
  executor: MeanWithInterval | null;
  pairedTasks: number;
  pairedRuns: number;
}

/**
 * arm − plain for one model and suite. Runs pair on (task, repeat, sample) within each power
 * level; a task at one power level is one unit, its delta the mean over its paired runs, and the
 * interval a seeded percentile bootstrap over units.
 */
function armDeltas(plain: readonly ComparableRun[], arm: readonly ComparableRun[]): ArmDeltas {
  const levels = [...new Set([...plain, ...arm].map((run) => run.power_level))].sort(text);
  const formatUnits: number[] = [];
  const executorUnits: number[] = [];
  let pairedRuns = 0;
  for (const level of levels) {
    const pairing = pairRuns(
      plain.filter((run) => run.power_level === level),
      arm.filter((run) => run.power_level === level),
    );
    for (const task of pairing.tasks) {
      pairedRuns += task.pairs.length;
      formatUnits.push(mean(task.pairs.map((p) => p.candidate.format_score! - p.original.format_score!)));
      executorUnits.push(mean(task.pairs.map((p) => p.candidate.score - p.original.score)));
    }
  }
  return { format: bootstrapMean(formatUnits), executor: bootstrapMean(executorUnits), pairedTasks: formatUnits.length, pairedRuns };
}

/**
 * data/dual_scoring.json rows (pure): per model × suite × arm, the mean format score and executor
 * score of runs that carry a format score, and on each non-plain arm its paired deltas against
 * plain with their intervals and a classification. Rows sorted by model, experiment, arm.
 */
export function dualScoringRows(runs: readonly ComparableRun[]): DualScoringRow[] {
  const scored = runs.filter((run) => run.format_score !== null);
  const groups = new Map<string, ComparableRun[]>();
  for (const run of scored) {
    const k = key(run.model, run.experiment, run.arm);
    const list = groups.get(k);
    if (list) list.push(run);
    else groups.set(k, [run]);
  }
  const rows: DualScoringRow[] = [];
  for (const k of [...groups.keys()].sort(text)) {
    const group = groups.get(k)!;
    const { model, experiment, arm } = group[0]!;
    const plain = arm === BASELINE_ARM ? undefined : groups.get(key(model, experiment, BASELINE_ARM));
    const deltas = plain === undefined ? null : armDeltas(plain, group);
    rows.push({
      model,
      experiment,
      arm,
      baseline_arm: BASELINE_ARM,
      runs: group.length,
      mean_format_score: mean(group.map((run) => run.format_score!)),
      mean_executor_score: mean(group.map((run) => run.score)),
      format_score_nano_sum: nanoSum(group.map((run) => run.format_score!)),
      executor_score_nano_sum: nanoSum(group.map((run) => run.score)),
      format_delta: deltas?.format?.mean ?? null,
      format_delta_ci: deltas?.format?.ci ?? null,
      executor_delta: deltas?.executor?.mean ?? null,
      executor_delta_ci: deltas?.executor?.ci ?? null,
      paired_tasks: deltas?.pairedTasks ?? 0,
      paired_runs: deltas?.pairedRuns ?? 0,
      classification: deltas === null ? null : classifyArm(deltas.format, deltas.executor, deltas.pairedTasks),
      simulated: group.some((run) => run.simulated),
    });
  }
  return rows;
}

/**
 * Rows built a model and experiment at a time, put in the order `dualScoringRows` gives over all
 * runs at once: by model, experiment and arm, joined and compared as one key.
 */
export function sortDualScoringRows(rows: readonly DualScoringRow[]): DualScoringRow[] {
  const rowKey = (row: DualScoringRow) => key(row.model, row.experiment, row.arm);
  return [...rows].sort((a, b) => text(rowKey(a), rowKey(b)));
}
