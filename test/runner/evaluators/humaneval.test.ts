import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanevalEvaluator, humanEvalProgram, scoreHumanEvalCompletion, type HumanEvalProblem } from '../../../runner/evaluators/humaneval.ts';
import { mapWithConcurrency } from '../../../runner/sandbox/concurrency.ts';
import { readHumanEvalGz } from '../../../runner/sandbox/humaneval-data.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const datasetPath = path.resolve(repoRoot, '../shared/datasets/HumanEval.jsonl.gz');
const fence = '```';

/** A problem in HumanEval's shape, written for this test: a helper and imports in the prompt. */
const problem: HumanEvalProblem = {
  prompt:
    'from typing import List\n\n\ndef _twice(x: int) -> int:\n    return 2 * x\n\n\ndef doubled(xs: List[int]) -> List[int]:\n    """Double every number.\n    >>> doubled([1, 2])\n    [2, 4]\n    """\n',
  test: 'def check(candidate):\n    assert candidate([1, 2]) == [2, 4]\n    assert candidate([]) == []\n    assert candidate([-3]) == [-6]\n',
  entry_point: 'doubled',
};

describe('humaneval@1 program assembly', () => {
  it('raw completion: prompt + completion, exactly as HumanEval builds it', () => {
    expect(humanEvalProgram(problem, '    return [_twice(x) for x in xs]\n', true)).toBe(`${problem.prompt}    return [_twice(x) for x in xs]\n`);
  });

  it('a chat answer that defines the entry point follows the prompt, keeping its imports and helpers', () => {
    const code = 'def doubled(xs):\n    return [_twice(x) for x in xs]';
    expect(humanEvalProgram(problem, `${fence}python\n${code}\n${fence}`, false)).toBe(`${problem.prompt}\n\n${code}\n`);
  });

  it('a fenced body without its def continues the prompt, indented when written at column 0', () => {
    expect(humanEvalProgram(problem, `${fence}python\nreturn [2 * x for x in xs]\n${fence}`, false)).toBe(`${problem.prompt}    return [2 * x for x in xs]\n`);
  });

  it('an unfenced indented body is a raw completion; prose is no program', () => {
    expect(humanEvalProgram(problem, '    return [2 * x for x in xs]\n', false)).toBe(`${problem.prompt}    return [2 * x for x in xs]\n`);
    expect(humanEvalProgram(problem, 'Just double each element.', false)).toBeNull();
  });
});

describe('humaneval@1 scoring', () => {
  it('passes chat and raw answers, fails a wrong one with wrong_answer', async () => {
    const chat = await humanevalEvaluator.evaluate({
      response: `${fence}python\ndef doubled(xs):\n    return [_twice(x) for x in xs]\n${fence}`,
      reference: problem,
    });
    expect(chat.evaluation).toMatchObject({ evaluator: 'humaneval@1', score: 1, passed: true });
    expect((await scoreHumanEvalCompletion(problem, '    return [x + x for x in xs]\n')).evaluation.passed).toBe(true);
    const wrong = await scoreHumanEvalCompletion(problem, '    return xs\n');
    expect(wrong.failure).toMatchObject({ stage: 'semantic', class: 'wrong_answer' });
  });

  it('reports prose as extraction_failed', async () => {
    const outcome = await humanevalEvaluator.evaluate({ response: 'Double each element.', reference: problem });
    expect(outcome.failure).toMatchObject({ stage: 'extract', class: 'extraction_failed' });
  });
});

describe.skipIf(!existsSync(datasetPath))(`HumanEval dataset (needs ${datasetPath})`, () => {
  it('all 164 canonical solutions pass in the sandbox, and each fails with its body replaced by `return None`', async () => {
    const rows = await readHumanEvalGz(datasetPath);
    expect(rows).toHaveLength(164);
    const canonical = await mapWithConcurrency(rows, 2, (row) => scoreHumanEvalCompletion(row, row.canonical_solution));
    const failedCanonical = rows.flatMap((row, i) => (canonical[i]!.evaluation.passed ? [] : [`${row.task_id}: ${canonical[i]!.failure?.message}`]));
    expect(failedCanonical).toEqual([]);
    const broken = await mapWithConcurrency(rows, 2, (row) => scoreHumanEvalCompletion(row, '    return None\n'));
    expect(rows.filter((_, i) => broken[i]!.evaluation.passed).map((row) => row.task_id)).toEqual([]);
  }, 300_000);

  it('the first 40 canonical solutions also pass when written as a chat answer (full function in a fence)', async () => {
    const rows = (await readHumanEvalGz(datasetPath)).slice(0, 40);
    const outcomes = await mapWithConcurrency(rows, 2, (row) => {
      const header = row.prompt.slice(row.prompt.lastIndexOf(`def ${row.entry_point}(`));
      const response = `Here is the implementation:\n\n${fence}python\n${header}${row.canonical_solution}${fence}\n\nIt handles the edge cases.`;
      return humanevalEvaluator.evaluate({ response, reference: row });
    });
    expect(rows.flatMap((row, i) => (outcomes[i]!.evaluation.passed ? [] : [`${row.task_id}: ${outcomes[i]!.failure?.message}`]))).toEqual([]);
  }, 300_000);
});
