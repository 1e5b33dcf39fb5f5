import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { Experiment } from '../../schema/experiment.ts';
import { aggregatePassAtK, type PassAtKEstimate } from '../../core/pass-at-k.ts';
import type { DatasetRow } from './source.ts';

/**
 * Completions in HumanEval's own sample format (`{"task_id", "completion"}`, several a task for
 * pass@k), joined with a loaded standard suite. Pure.
 */
export const SampleLineSchema = z.object({
  task_id: z.union([z.string().min(1), z.number().int().nonnegative()]),
  completion: z.string(),
});

export type SampleLine = z.infer<typeof SampleLineSchema>;

type SuiteTask = Experiment['tasks'][number];

/** One sample matched to its task; `sample` counts from 0 within the task. */
export interface JoinedSample {
  line: number;
  task: SuiteTask;
  sample: number;
  completion: string;
}

/**
 * Every way a sample may name a task: the suite's own id (`HumanEval/0`, `Mbpp/11`,
 * `gsm8k_0001`) and, for MBPP, the bare dataset number (`11`) that most harnesses write.
 */
function taskIndex(suite: Experiment): Map<string, SuiteTask> {
  const index = new Map<string, SuiteTask>();
  for (const task of suite.tasks) {
    index.set(task.id, task);
    const mbpp = /^Mbpp\/(\d+)$/.exec(task.id);
    if (mbpp) index.set(mbpp[1]!, task);
  }
  return index;
}

/** Matches each sample line to its task; an unknown task_id is one CliError naming `label:line`. */
export function joinSamples(suite: Experiment, rows: Array<DatasetRow<SampleLine>>, label: string): JoinedSample[] {
  const index = taskIndex(suite);
  const counts = new Map<string, number>();
  return rows.map(({ line, row }) => {
    const task = index.get(String(row.task_id));
    if (!task) {
      throw new CliError(
        `${label}:${line}: task_id ${JSON.stringify(row.task_id)} is not in the ${suite.manifest.id} dataset ` +
          `(ids look like ${JSON.stringify(suite.tasks[0]?.id ?? '')})`,
      );
    }
    const sample = counts.get(task.id) ?? 0;
    counts.set(task.id, sample + 1);
    return { line, task, sample, completion: row.completion };
  });
}

/** What `ledgerbench score` prints for each k. */
export type PassAtKSummary = PassAtKEstimate;

/** `results`: one `{taskId, passed}` per sample; pass@k by the one rule of core/pass-at-k.ts. */
export function passAtKSummary(results: ReadonlyArray<{ taskId: string; passed: boolean }>, ks: readonly number[]): PassAtKEstimate[] {
  const perTask = new Map<string, { n: number; c: number }>();
  for (const { taskId, passed } of results) {
    const entry = perTask.get(taskId) ?? { n: 0, c: 0 };
    entry.n += 1;
    if (passed) entry.c += 1;
    perTask.set(taskId, entry);
  }
  return aggregatePassAtK([...perTask.values()], ks);
}
