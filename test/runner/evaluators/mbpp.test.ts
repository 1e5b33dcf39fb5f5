import { describe, expect, it } from 'vitest';
import { mbppEntryPoint, mbppEvaluator, scoreMbppCompletion, type MbppProblem } from '../../../runner/evaluators/mbpp.ts';

const fence = '```';

/** A problem in MBPP's shape, written for this test; the setup code defines a value the asserts use. */
const problem: MbppProblem = {
  test_setup_code: 'LIMIT = 3',
  test_imports: ['import math'],
  test_list: ['assert count_small([1, 5, 2]) == 2', 'assert count_small([]) == 0', 'assert math.isclose(count_small([0.5]), 1)'],
  code: 'def count_small(xs):\n    return sum(1 for x in xs if x < LIMIT)',
};

describe('mbpp@1', () => {
  it('finds the function the asserts call', () => {
    expect(mbppEntryPoint(problem.test_list)).toBe('count_small');
    expect(mbppEntryPoint(['assert set(similar_elements((3, 4), (5, 4))) == set((4,))'])).toBe('similar_elements');
    expect(mbppEntryPoint(['assert math.isclose(area(2), 12.56, rel_tol=0.001)'])).toBe('area');
  });

  it('runs setup + imports + code, one check per assert', async () => {
    const outcome = await mbppEvaluator.evaluate({ response: `${fence}python\n${problem.code}\n${fence}`, reference: problem });
    expect(outcome.evaluation).toMatchObject({ evaluator: 'mbpp@1', score: 1, passed: true });
    expect(outcome.evaluation.checks?.map((c) => c.name)).toEqual(['test_1', 'test_2', 'test_3']);
  });

  it('gives partial credit per assert', async () => {
    const outcome = await scoreMbppCompletion(problem, 'def count_small(xs):\n    return len(xs)\n');
    expect(outcome.evaluation.score).toBeCloseTo(2 / 3, 12);
    expect(outcome.failure).toMatchObject({ stage: 'semantic', class: 'wrong_answer' });
    expect(outcome.evaluation.checks?.map((c) => c.passed)).toEqual([false, true, true]);
  });

  it('the reference code passes and a return-None body fails', async () => {
    expect((await scoreMbppCompletion(problem, problem.code!)).evaluation.passed).toBe(true);
    expect((await scoreMbppCompletion(problem, 'def count_small(xs):\n    return None\n')).evaluation.passed).toBe(false);
  });

  it('reports an answer without code as extraction_failed', async () => {
    const outcome = await mbppEvaluator.evaluate({ response: 'Count the values under the limit.', reference: problem });
    expect(outcome.failure).toMatchObject({ stage: 'extract', class: 'extraction_failed' });
  });
});
