import { z } from 'zod';
import { runTests } from '../sandbox/run-tests.ts';
import { extractionFailed, outcomeFromTestRun, parseReference, sandboxOptions } from './code.ts';
import { definesName, extractCode } from './code-extract.ts';
import type { EvaluationOutcome, Evaluator } from './evaluator.ts';
import { scoreFormat } from './format.ts';

/** `humaneval@1` reference: HumanEval's own fields (openai/human-eval). */
export const HumanEvalReferenceSchema = z.object({
  prompt: z.string().min(1),
  test: z.string().min(1),
  entry_point: z.string().min(1),
  canonical_solution: z.string().optional(),
});

export type HumanEvalProblem = z.infer<typeof HumanEvalReferenceSchema>;

const ID = 'humaneval@1';

/**
 * The program to test. With `raw`, exactly what HumanEval's harness builds: prompt + completion.
 * Otherwise (a chat answer): extracted code that defines the entry point follows the whole prompt,
 * so the prompt's imports and helper functions stay available and the answer's definition replaces
 * the docstring-only stub; a body without its `def` continues the prompt; an answer with no code
 * block whose first line is indented is a raw body too. Null when there is no code at all.
 */
export function humanEvalProgram(problem: HumanEvalProblem, response: string, raw: boolean): string | null {
  if (raw) return problem.prompt + response;
  const extracted = extractCode(response, { entryPoint: problem.entry_point });
  if (extracted && definesName(extracted.code, problem.entry_point)) return `${problem.prompt}\n\n${extracted.code}\n`;
  if (extracted) return problem.prompt + indentBody(extracted.code);
  const firstLine = response.split('\n').find((line) => line.trim() !== '');
  return firstLine !== undefined && /^\s/.test(firstLine) ? problem.prompt + response : null;
}

// A body written at column 0 is indented to sit inside the prompt's function.
function indentBody(code: string): string {
  const lines = code.split('\n');
  if (lines.some((line) => /^\s+\S/.test(line))) return `${code}\n`;
  return `${lines.map((line) => (line.trim() === '' ? line : `    ${line}`)).join('\n')}\n`;
}

/**
 * `humaneval@1`: the dataset's `check(candidate)` run against the answer in the sandbox (one check).
 * `settings.raw_completion: true` scores a base-model completion exactly as HumanEval does.
 */
export const humanevalEvaluator: Evaluator = {
  name: 'humaneval',
  version: 1,
  successDefinition: "the completed function passes the dataset's check(candidate) tests in the sandbox",
  async evaluate({ response, reference, settings }) {
    const problem = parseReference(HumanEvalReferenceSchema, reference, ID);
    const raw = settings?.raw_completion === true;
    const tests = [{ name: 'check', code: `${problem.test}\n\ncheck(${problem.entry_point})\n` }];
    const source = humanEvalProgram(problem, response, raw);
    if (source === null) return extractionFailed(ID, response, tests, scoreFormat(response, { entryPoint: problem.entry_point }).score);
    const run = await runTests({ source, tests }, sandboxOptions(settings));
    const format = scoreFormat(response, { entryPoint: problem.entry_point, parses: run.syntax === null });
    return outcomeFromTestRun(ID, run, tests, format.score);
  },
};

/** Scores a raw completion exactly as HumanEval's own harness does (prompt + completion + check). */
export function scoreHumanEvalCompletion(problem: HumanEvalProblem, completion: string): Promise<EvaluationOutcome> {
  return humanevalEvaluator.evaluate({ response: completion, reference: problem, settings: { raw_completion: true } });
}
