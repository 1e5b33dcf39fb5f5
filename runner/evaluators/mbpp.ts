import { z } from 'zod';
import { runTests } from '../sandbox/run-tests.ts';
import { extractionFailed, outcomeFromTestRun, parseReference, sandboxOptions } from './code.ts';
import { extractCode } from './code-extract.ts';
import type { EvaluationOutcome, Evaluator } from './evaluator.ts';
import { scoreFormat } from './format.ts';

/** `mbpp@1` reference: MBPP's own fields (google-research mbpp). */
export const MbppReferenceSchema = z.object({
  test_list: z.array(z.string().min(1)).min(1),
  test_setup_code: z.string().default(''),
  test_imports: z.array(z.string()).optional(),
  code: z.string().optional(),
});

export type MbppProblem = z.input<typeof MbppReferenceSchema>;

const ID = 'mbpp@1';

// Calls in MBPP asserts that are never the function under test.
const NOT_ENTRY = new Set(['set', 'sorted', 'list', 'tuple', 'dict', 'abs', 'round', 'len', 'str', 'int', 'float', 'isclose', 'math', 'all', 'any']);

/** The function the asserts call (the first call that is not a builtin), to pick the right code block. */
export function mbppEntryPoint(testList: string[]): string | undefined {
  for (const match of (testList[0] ?? '').matchAll(/([A-Za-z_][\w.]*)\s*\(/g)) {
    const name = match[1]!.split('.').pop()!;
    if (!NOT_ENTRY.has(name) && name !== 'assert') return name;
  }
  return undefined;
}

/**
 * `mbpp@1`: test_setup_code + test_imports + the answer's code, then every assert of test_list as a
 * separate check. `settings.raw_completion: true` uses the response verbatim instead of extracting.
 */
export const mbppEvaluator: Evaluator = {
  name: 'mbpp',
  version: 1,
  successDefinition: "the code passes every assert of the task's test list in the sandbox",
  async evaluate({ response, reference, settings }) {
    const problem = parseReference(MbppReferenceSchema, reference, ID);
    const entryPoint = mbppEntryPoint(problem.test_list);
    const tests = problem.test_list.map((code, i) => ({ name: `test_${i + 1}`, code }));
    const code = settings?.raw_completion === true ? response : extractCode(response, { entryPoint })?.code;
    if (code === undefined || code.trim() === '') return extractionFailed(ID, response, tests, scoreFormat(response, { entryPoint }).score);
    const source = [problem.test_setup_code, ...(problem.test_imports ?? []), code].join('\n');
    const run = await runTests({ source, tests }, sandboxOptions(settings));
    const format = scoreFormat(response, { entryPoint, parses: run.syntax === null });
    return outcomeFromTestRun(ID, run, tests, format.score);
  },
};

/** Scores a raw completion: the response is the program, no extraction. */
export function scoreMbppCompletion(problem: MbppProblem, completion: string): Promise<EvaluationOutcome> {
  return mbppEvaluator.evaluate({ response: completion, reference: problem, settings: { raw_completion: true } });
}
