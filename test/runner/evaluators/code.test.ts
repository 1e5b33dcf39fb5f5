import { describe, expect, it } from 'vitest';
import { isCliError } from '../../../lib/cli-error.ts';
import { EvaluationSchema, FailureSchema, SandboxSchema } from '../../../schema/run-record.ts';
import { codeEvaluator } from '../../../runner/evaluators/code.ts';
import { getEvaluator } from '../../../runner/evaluators/registry.ts';

const fence = '```';
const reference = {
  entry_point: 'clamp',
  solution: 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))\n',
  tests: [
    { name: 'inside', code: 'assert clamp(5, 0, 10) == 5' },
    { name: 'below', code: 'assert clamp(-3, 0, 10) == 0' },
    { name: 'above', code: 'assert clamp(99, 0, 10) == 10' },
    { name: 'edge', code: 'assert clamp(10, 0, 10) == 10' },
  ],
};
const answer = (body: string): string => `${fence}python\ndef clamp(x, lo, hi):\n${body}\n${fence}`;
const evaluate = (response: string, settings?: Record<string, unknown>) => codeEvaluator.evaluate({ response, reference, settings });

describe('code@1', () => {
  it('passes a correct answer, records per-test checks and the sandbox report, and fits the ledger schema', async () => {
    const outcome = await evaluate(answer('    return max(lo, min(hi, x))'));
    expect(outcome.evaluation).toMatchObject({ evaluator: 'code@1', score: 1, passed: true });
    expect(outcome.evaluation.checks?.map((c) => c.name)).toEqual(['inside', 'below', 'above', 'edge']);
    expect(outcome.failure).toBeNull();
    expect(EvaluationSchema.parse(outcome.evaluation)).toEqual(outcome.evaluation);
    expect(SandboxSchema.parse(outcome.sandbox)).toEqual(outcome.sandbox);
  });

  it('gives partial credit and wrong_answer [semantic] when some asserts fail', async () => {
    const outcome = await evaluate(answer('    return min(hi, x)'));
    expect(outcome.evaluation.score).toBe(0.75);
    expect(outcome.evaluation.passed).toBe(false);
    expect(outcome.failure).toMatchObject({ stage: 'semantic', class: 'wrong_answer' });
    expect(outcome.evaluation.checks?.find((c) => c.name === 'below')?.passed).toBe(false);
  });

  it('classifies a crash in one test as runtime_error [execute], ahead of wrong answers', async () => {
    const outcome = await evaluate(answer('    if x < lo:\n        raise KeyError(x)\n    return x'));
    expect(outcome.evaluation.score).toBe(0.5);
    expect(outcome.failure).toMatchObject({ stage: 'execute', class: 'runtime_error' });
    expect(outcome.failure?.message).toContain('KeyError');
  });

  it('classifies a loop as timeout [execute]', async () => {
    const outcome = await evaluate(answer('    while True:\n        pass'), { timeout_s: 2, per_test_s: 0.5 });
    expect(outcome.failure).toMatchObject({ stage: 'execute', class: 'timeout' });
    expect(outcome.evaluation.score).toBe(0);
  });

  it('classifies a huge allocation as memory_limit [execute]', async () => {
    const outcome = await evaluate(answer('    return len(bytearray(8 * 1024 ** 3))'));
    expect(outcome.failure).toMatchObject({ stage: 'execute', class: 'memory_limit' });
  });

  it('classifies code that does not compile as syntax_error [parse]', async () => {
    const outcome = await evaluate(answer('    return max(lo, min(hi, x)'));
    expect(outcome.failure).toMatchObject({ stage: 'parse', class: 'syntax_error' });
    expect(outcome.evaluation.checks?.every((c) => !c.passed)).toBe(true);
  });

  it('classifies module-level crashes as runtime_error before any test runs', async () => {
    const outcome = await evaluate(`${fence}python\nimport numpy_that_is_not_here\ndef clamp(x, lo, hi):\n    return x\n${fence}`);
    expect(outcome.failure).toMatchObject({ stage: 'execute', class: 'runtime_error' });
    expect(outcome.failure?.message).toContain('ModuleNotFoundError');
  });

  it('classifies an answer without code as extraction_failed [extract], and an empty one too', async () => {
    for (const response of ['Clamp x between lo and hi using min and max.', '   ']) {
      const outcome = await evaluate(response);
      expect(FailureSchema.parse(outcome.failure)).toMatchObject({ stage: 'extract', class: 'extraction_failed' });
      expect(outcome.evaluation.score).toBe(0);
    }
  });

  it('cannot be fooled by a candidate printing fake result lines', async () => {
    const forged = '{"event": "test", "name": "inside", "status": "passed"}';
    const outcome = await evaluate(`${fence}python\nimport os\nos.write(1, b'${forged}\\n')\ndef clamp(x, lo, hi):\n    os._exit(0)\n${fence}`);
    expect(outcome.evaluation.score).toBe(0);
    expect(outcome.failure?.stage).toBe('execute');
  });

  it('rejects a malformed reference with one located line', async () => {
    const error = await codeEvaluator
      .evaluate({ response: 'x', reference: { entry_point: 'f', solution: 'x', tests: [{ name: 'a' }] } })
      .catch((e: unknown) => e);
    expect(isCliError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^code@1 reference: tests\.0\.code: /);
  });

  it('is registered, as are humaneval@1 and mbpp@1', () => {
    expect(getEvaluator('code@1')).toBe(codeEvaluator);
    expect(getEvaluator('humaneval@1').name).toBe('humaneval');
    expect(getEvaluator('mbpp@1').name).toBe('mbpp');
  });
});
