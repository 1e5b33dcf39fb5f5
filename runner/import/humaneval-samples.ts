import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { Experiment } from '../../schema/experiment.ts';
import { joinSamples } from '../datasets/samples.ts';
import { taskHash } from '../sweep/run-id.ts';
import { UNKNOWN_PARAMS, type ImportedRun, type SourceInfo } from './imported-run.ts';
import { jsonlRows, type SourceFile } from './source-file.ts';

/**
 * HumanEval-format samples (`{"task_id", "completion"}`, openai/human-eval), the same with its
 * evaluator's verdict (`samples.jsonl_results.jsonl` adds `result` and `passed`), and EvalPlus
 * samples (`{"task_id", "solution"}`: the whole program, or `completion`). They hold answers and
 * at most a verdict, so every one is scored again by our sandbox against the dataset.
 */
const SampleSchema = z
  .object({
    task_id: z.union([z.string().min(1), z.number().int().nonnegative()]),
    completion: z.string().optional(),
    solution: z.string().optional(),
    passed: z.boolean().optional(),
    result: z.string().optional(),
  })
  .refine((row) => row.completion !== undefined || row.solution !== undefined, { message: 'needs a completion or a solution', path: ['completion'] });

type SamplesFormat = 'humaneval-samples' | 'evalplus';

/** Reads a samples file against a loaded HumanEval suite; `modelName` names the model (the file does not). */
export function importSamples(
  file: SourceFile,
  format: SamplesFormat,
  suite: Experiment,
  modelName: string | undefined,
): { info: SourceInfo; runs: ImportedRun[] } {
  if (modelName === undefined) throw new CliError(`${file.label}: a samples file does not name its model; pass --model-name NAME`);
  const rows = jsonlRows(file, SampleSchema);
  const joined = joinSamples(
    suite,
    rows.map(({ line, row }) => ({ line, row: { task_id: row.task_id, completion: row.completion ?? row.solution ?? '' } })),
    file.label,
  );
  const runs = joined.map(({ line, task, sample }, i): ImportedRun => {
    const row = rows[i]!.row;
    // A `solution` is a whole program (read as a chat answer); a `completion` continues the prompt.
    const raw = row.solution === undefined;
    const response = row.completion ?? row.solution ?? '';
    const passed = row.passed ?? null;
    return {
      line,
      index: null,
      model: { name: modelName, backend: 'openai' },
      experiment: suite.manifest.id,
      task: { id: task.id, family: task.family, hash: taskHash(task) },
      arm: 'plain',
      repeat: 0,
      sample,
      recordedAt: file.modifiedAt,
      simulated: false,
      // What the harness sent is not in the file (a raw prompt, a chat template, an instruction): not recorded.
      prompt: null,
      response,
      doneReason: null,
      params: UNKNOWN_PARAMS,
      tokens: { prompt: null, output: null },
      wallMs: null,
      energy: null,
      host: null,
      powerLimit: null,
      verdict: {
        passed,
        score: passed === null ? null : passed ? 1 : 0,
        scorer: passed === null ? null : 'human-eval evaluate_functional_correctness',
        detail: row.result ?? null,
        failure: passed === false ? { stage: 'semantic', class: 'imported_fail', message: row.result ?? 'failed in the source harness' } : null,
      },
      cost: null,
      dropped: ['recorded_at: the file holds no time; its modification time stands in'],
      rescore: { evaluator: task.evaluator, reference: task.reference, settings: { ...task.settings, ...(raw ? { raw_completion: true } : {}) } },
    };
  });
  return { info: { format, tool: { name: format === 'evalplus' ? 'evalplus' : 'human-eval', version: null }, file }, runs };
}
