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

/** A fingerprint of the plan: resume refuses to go on when the suites changed underneath it. */
export function planHash(runs: readonly PlannedRun[]): string {
  return sha256Hex(runs.map((run) => `${run.run_id}:${run.task.id}`).join('\n'));
}

/** Lines for `--dry-run`: sizes per level, model and experiment, the total, and the first runs. */
export function describePlan(runs: readonly PlannedRun[], firstN = 5): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const key = `${run.power ?? 'as-is'}\t${run.model}\t${run.experiment}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([key, count]) => [...key.split('\t'), String(count)]);
  const header = ['level', 'model', 'experiment', 'runs'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const lines = [format(header), ...rows.map(format), `total: ${runs.length} runs`];
  if (runs.length > 0) lines.push('', `first ${Math.min(firstN, runs.length)} runs:`);
  for (const run of runs.slice(0, firstN)) {
    lines.push(
      `  ${run.run_id}  ${run.model}  ${run.experiment}/${run.task.id}  arm=${run.arm} repeat=${run.repeat} sample=${run.sample} level=${run.power ?? '-'}`,
    );
  }
  return lines;
}
