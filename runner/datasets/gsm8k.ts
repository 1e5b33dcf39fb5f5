import { z } from 'zod';
import type { Experiment } from '../../schema/experiment.ts';
import type { DatasetRow } from './source.ts';

// The worked solution ends in a line `#### N`; N may carry thousands commas or a sign.
const FINAL = /####\s*(-?[\d,]*\.?\d+)\s*$/;

/** One line of GSM8K (openai/grade-school-math `test.jsonl`), its own field names. */
export const Gsm8kRowSchema = z.object({
  question: z.string().min(1),
  answer: z.string().regex(FINAL, "expected the worked solution to end with '#### N'"),
});

export type Gsm8kRow = z.infer<typeof Gsm8kRowSchema>;

export const GSM8K_MANIFEST = {
  id: 'gsm8k',
  title: 'GSM8K',
  description: 'Grade-school maths word problems; the final number is extracted and compared with the number after #### in the worked solution.',
  evaluator: 'numeric@1',
  defaults: { max_tokens: 512, temperature: 0 },
  citation:
    'GSM8K: Cobbe et al. 2021, "Training Verifiers to Solve Math Word Problems", openai/grade-school-math grade_school_math/data/test.jsonl, MIT licence',
} as const;

/** The number after `####`, commas removed. */
export function gsm8kReference(answer: string): number {
  return Number(FINAL.exec(answer)![1]!.replace(/,/g, ''));
}

/** `gsm8k_0001`… by 1-based position among the dataset's rows (before any subset is chosen). */
export function gsm8kTask({ row }: DatasetRow<Gsm8kRow>, position: number): Experiment['tasks'][number] {
  const reference = gsm8kReference(row.answer);
  return {
    id: `gsm8k_${String(position).padStart(4, '0')}`,
    family: 'gsm8k',
    prompt:
      `${row.question}\n\nSolve the problem step by step, then give the final answer on a last line ` +
      'in the form `Answer: <number>` (a plain number, no units).',
    evaluator: GSM8K_MANIFEST.evaluator,
    reference,
    success: `the final answer equals ${reference}`,
  };
}
