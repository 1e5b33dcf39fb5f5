import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { HumanEvalReferenceSchema, type HumanEvalProblem } from '../evaluators/humaneval.ts';

/** A HumanEval row as published: the evaluator's reference fields plus its `task_id`. */
export type HumanEvalRow = HumanEvalProblem & { task_id: string; canonical_solution: string };

/**
 * Reads HumanEval.jsonl.gz directly (for the sandbox's own check and benchmark, independent of the
 * dataset loader): every line, validated against the evaluator's reference schema.
 */
export async function readHumanEvalGz(file: string): Promise<HumanEvalRow[]> {
  const text = gunzipSync(await readFile(file)).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const problem = HumanEvalReferenceSchema.parse(row);
      if (typeof row.task_id !== 'string' || typeof row.canonical_solution !== 'string') {
        throw new Error(`${file}:${i + 1}: task_id and canonical_solution must be strings`);
      }
      return { ...problem, task_id: row.task_id, canonical_solution: row.canonical_solution };
    });
}
