import { z } from 'zod';
import type { Experiment } from '../../schema/experiment.ts';
import type { DatasetRow } from './source.ts';

/** One line of HumanEval (openai/human-eval `data/HumanEval.jsonl.gz`), its own field names. */
export const HumanEvalRowSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string().min(1),
  canonical_solution: z.string(),
  test: z.string().min(1),
  entry_point: z.string().min(1),
});

export type HumanEvalRow = z.infer<typeof HumanEvalRowSchema>;

export const HUMANEVAL_MANIFEST = {
  id: 'humaneval',
  title: 'HumanEval',
  description: "164 hand-written Python function-completion problems, scored by running the dataset's own check(candidate) tests in the sandbox.",
  evaluator: 'humaneval@1',
  defaults: { max_tokens: 768, temperature: 0 },
  citation: 'HumanEval: Chen et al. 2021, "Evaluating Large Language Models Trained on Code", openai/human-eval data/HumanEval.jsonl.gz, MIT licence',
} as const;

/** The instruction, then the dataset prompt (signature + docstring) exactly as published. */
export function humanEvalTask({ row }: DatasetRow<HumanEvalRow>): Experiment['tasks'][number] {
  return {
    id: row.task_id,
    family: 'humaneval',
    prompt:
      'Complete the following Python function. Reply with the complete function, signature included, ' +
      `in one Python code block.\n\n\`\`\`python\n${row.prompt}\`\`\``,
    evaluator: HUMANEVAL_MANIFEST.evaluator,
    reference: {
      prompt: row.prompt,
      test: row.test,
      entry_point: row.entry_point,
      canonical_solution: row.canonical_solution,
    },
    success: `the completed ${row.entry_point} passes the dataset's check(candidate) tests`,
  };
}
