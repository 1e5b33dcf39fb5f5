import { z } from 'zod';
import type { Experiment } from '../../schema/experiment.ts';
import type { DatasetRow } from './source.ts';

/** One line of MBPP (google-research `mbpp/mbpp.jsonl`), its own field names. */
export const MbppRowSchema = z.object({
  task_id: z.number().int().nonnegative(),
  text: z.string().min(1),
  code: z.string(),
  test_list: z.array(z.string().min(1)).min(1),
  test_setup_code: z.string(),
  challenge_test_list: z.array(z.string()).optional(),
  test_imports: z.array(z.string()).optional(),
});

export type MbppRow = z.infer<typeof MbppRowSchema>;

export const MBPP_MANIFEST = {
  id: 'mbpp',
  title: 'MBPP',
  description: 'Mostly Basic Python Problems: short programming tasks, each scored by running its assert-based test list in the sandbox.',
  evaluator: 'mbpp@1',
  defaults: { max_tokens: 768, temperature: 0 },
  citation: 'MBPP: Austin et al. 2021, "Program Synthesis with Large Language Models", google-research/google-research mbpp/mbpp.jsonl, CC BY 4.0',
} as const;

/** `Mbpp/<task_id>`, the name EvalPlus and most harnesses use. */
export function mbppTaskId(taskId: number): string {
  return `Mbpp/${taskId}`;
}

/** The task text plus its first test as the worked example (which also fixes the function name). */
export function mbppTask({ row }: DatasetRow<MbppRow>): Experiment['tasks'][number] {
  return {
    id: mbppTaskId(row.task_id),
    family: 'mbpp',
    prompt: `${row.text}\nYour code should pass this test:\n\n${row.test_list[0]}\n\n` + 'Reply with the Python code in one code block.',
    evaluator: MBPP_MANIFEST.evaluator,
    reference: {
      test_list: row.test_list,
      test_setup_code: row.test_setup_code,
      ...(row.test_imports ? { test_imports: row.test_imports } : {}),
      code: row.code,
    },
    success: `the code passes all ${row.test_list.length} asserts of the task's test list`,
  };
}
