import { CliError } from '../../lib/cli-error.ts';
import { sha256Hex } from '../../lib/hash.ts';
import type { Experiment, Task } from '../../schema/experiment.ts';
import { runId } from './run-id.ts';

/** One run the sweep will make, in the order it will make it. */
export interface PlannedRun {
  run_id: string;
  /** Position in the full plan (0-based), stable across resumes. */
  index: number;
  /** The power level as requested (`80`, `250w`), or null for "leave the limit alone". */
  power: string | null;
  model: string;
  experiment: string;
  task: Task & { evaluator: string };
  arm: string;
  repeat: number;
  sample: number;
}

export interface PlanInput {
  sweepId: string;
  models: string[];
  experiments: Experiment[];
  arms: string[];
  repeats: number;
  samples: number;
  /** null: one pass with the limit untouched. */
  tdpLevels: string[] | null;
}

/**
 * The full sweep, in execution order: power levels outermost (changing a GPU limit is slow and
 * needs a settle and an idle baseline), then models (one warm-up each), experiments, tasks, arms,
 * repeats and samples. Pure: the same input always gives the same runs with the same ids.
 */
export function buildPlan(input: PlanInput): PlannedRun[] {
  const size = planSize(input);
  if (size > MAX_PLAN_RUNS) {
    throw new CliError(
      `the sweep would make ${size.toLocaleString('en-US')} runs, more than the ${MAX_PLAN_RUNS.toLocaleString('en-US')} one sweep may plan; ` +
        'lower --repeats, --samples or --limit, or split it into several sweeps',
    );
  }
  const runs: PlannedRun[] = [];
  const levels = input.tdpLevels ?? [null];
  for (const power of levels) {
    for (const model of input.models) {
      for (const experiment of input.experiments) {
        for (const task of experiment.tasks) {
          for (const arm of input.arms) {
            for (let repeat = 0; repeat < input.repeats; repeat++) {
              for (let sample = 0; sample < input.samples; sample++) {
                const key = { sweep_id: input.sweepId, model, experiment: experiment.manifest.id, task: task.id, arm, repeat, sample, power };
                runs.push({ ...key, run_id: runId(key), index: runs.length, task });
              }
            }
          }
        }
      }
    }
  }
  return runs;
}

/**
 * The most runs one sweep may plan. The plan is held in memory (about 1 KB a run) and a typo such
 * as `--repeats 99999999` would otherwise exhaust the heap before anything is checked; a million
 * runs is days of GPU time, far beyond any sweep this tool is meant for.
 */
export const MAX_PLAN_RUNS = 1_000_000;

/** How many runs a plan holds, computed without building it. */
export function planSize(input: PlanInput): number {
  const tasks = input.experiments.reduce((sum, experiment) => sum + experiment.tasks.length, 0);
  return (input.tdpLevels?.length ?? 1) * input.models.length * tasks * input.arms.length * input.repeats * input.samples;
}

/** A fingerprint of the plan: resume refuses to go on when the suites changed underneath it. */
export function planHash(runs: readonly PlannedRun[]): string {
  return sha256Hex(runs.map((run) => `${run.run_id}:${run.task.id}`).join('\n'));
}

/**
 * How the total comes about, so a surprising size is easy to trace to its flag:
 * ` (= 2 power levels × 3 models × 170 tasks × 1 arm × 2 repeats × 1 sample)`. Tasks are counted
 * over every suite. Empty when the plan is not a full product (it always is for buildPlan's output).
 */
function planFactors(runs: readonly PlannedRun[]): string {
  if (runs.length === 0) return '';
  const count = (key: (run: PlannedRun) => string) => new Set(runs.map(key)).size;
  const factors: [number, string, string][] = [
    [count((run) => String(run.power)), 'power level', 'power levels'],
    [count((run) => run.model), 'model', 'models'],
    [count((run) => `${run.experiment}\u0000${run.task.id}`), 'task', 'tasks'],
    [count((run) => run.arm), 'arm', 'arms'],
    [count((run) => String(run.repeat)), 'repeat', 'repeats'],
    [count((run) => String(run.sample)), 'sample', 'samples'],
  ];
  if (factors.reduce((product, [n]) => product * n, 1) !== runs.length) return '';
  return ` (= ${factors.map(([n, one, many]) => `${n} ${n === 1 ? one : many}`).join(' × ')})`;
}

/** Lines for `--dry-run`: sizes per level, model and experiment, the total, and the first runs (of `remaining` on a resume). */
export function describePlan(runs: readonly PlannedRun[], firstN = 5, remaining: readonly PlannedRun[] = runs): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const key = `${run.power ?? 'as-is'}\t${run.model}\t${run.experiment}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([key, count]) => [...key.split('\t'), String(count)]);
  const header = ['level', 'model', 'experiment', 'runs'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const lines = [format(header), ...rows.map(format), `total: ${runs.length} runs${planFactors(runs)}`];
  // A resume lists the runs it would make next, not the plan's first runs (which may be done).
  const resuming = remaining !== runs;
  if (remaining.length > 0) lines.push('', `${resuming ? 'next' : 'first'} ${Math.min(firstN, remaining.length)} runs${resuming ? ' to make' : ''}:`);
  for (const run of remaining.slice(0, firstN)) {
    lines.push(
      `  ${run.run_id}  ${run.model}  ${run.experiment}/${run.task.id}  arm=${run.arm} repeat=${run.repeat} sample=${run.sample} level=${run.power ?? '-'}`,
    );
  }
  return lines;
}
