import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeEvaluator, type CodeReference } from '../../../runner/evaluators/code.ts';
import type { EvaluationOutcome } from '../../../runner/evaluators/evaluator.ts';
import { scoreHumanEvalCompletion, type HumanEvalProblem } from '../../../runner/evaluators/humaneval.ts';
import { mapWithConcurrency } from '../../../runner/sandbox/concurrency.ts';
import { readHumanEvalGz } from '../../../runner/sandbox/humaneval-data.ts';
import { runTests } from '../../../runner/sandbox/run-tests.ts';
import { FORGERIES, OBFUSCATED, PATCH_AND_RESTORE } from './forgeries.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const datasetPath = path.resolve(repoRoot, '../shared/datasets/HumanEval.jsonl.gz');
const fence = '```';

// Forgeries the harness cannot see as tampering: they just fail, as the tests they break.
const ORDINARY = new Set(['shadowed_builtins', 'system_exit', 'keyboard_interrupt', 'stop_iteration', 'harness_globals_obfuscated']);

/** Self-contained problems in HumanEval's shape: a tolerance check, a list, a bool, a string. */
const PROBLEMS: HumanEvalProblem[] = [
  {
    prompt: 'def mean(xs: list) -> float:\n    """Arithmetic mean."""\n',
    test: 'def check(candidate):\n    assert abs(candidate([1.0, 2.0, 3.0]) - 2.0) < 1e-6\n    assert abs(candidate([4.0]) - 4.0) < 1e-6\n',
    entry_point: 'mean',
  },
  {
    prompt: 'from typing import List\n\ndef evens(xs: List[int]) -> List[int]:\n    """The even numbers, in order."""\n',
    test: 'def check(candidate):\n    assert candidate([1, 2, 3, 4]) == [2, 4]\n    assert candidate([]) == []\n    for out in map(candidate, [[2], [6, 7]]):\n        assert out in ([2], [6])\n',
    entry_point: 'evens',
  },
  {
    prompt: 'def is_upper(s: str) -> bool:\n    """True when every letter is upper case."""\n',
    test: 'def check(candidate):\n    assert candidate("ABC") is True\n    assert not candidate("aBC")\n    assert isinstance(candidate("X"), bool)\n    assert len(str(candidate("Y"))) == 4\n',
    entry_point: 'is_upper',
  },
];

function expectForgeryFails(name: string, outcome: EvaluationOutcome, where: string): void {
  expect(outcome.evaluation.passed, `${name} passed ${where}`).toBe(false);
  expect(outcome.failure, `${name} at ${where}`).not.toBeNull();
  if (ORDINARY.has(name)) expect(outcome.failure!.class, `${name} at ${where}`).not.toBe('integrity_violation');
  else expect(outcome.failure, `${name} at ${where}`).toMatchObject({ stage: 'execute', class: 'integrity_violation' });
}

describe('grading integrity: forgeries fail (humaneval@1, self-contained problems)', () => {
  for (const [name, completion] of Object.entries(FORGERIES)) {
    it(name, async () => {
      const outcomes = await mapWithConcurrency(PROBLEMS, 2, (p) => scoreHumanEvalCompletion(p, completion));
      for (const [i, outcome] of outcomes.entries()) expectForgeryFails(name, outcome, PROBLEMS[i]!.entry_point);
    });
  }

  it('the honest answers to those problems pass, with no evidence recorded', async () => {
    const honest = ['    return sum(xs) / len(xs)\n', '    return [x for x in xs if x % 2 == 0]\n', '    return s.isupper()\n'];
    const outcomes = await Promise.all(PROBLEMS.map((p, i) => scoreHumanEvalCompletion(p, honest[i]!)));
    for (const outcome of outcomes) {
      expect(outcome.evaluation.passed, outcome.failure?.message).toBe(true);
      expect(outcome.evaluation.checks?.map((c) => c.name)).toEqual(['check']);
    }
  });

  it('records what was attempted, with the evidence in the integrity check', async () => {
    const outcome = await scoreHumanEvalCompletion(PROBLEMS[0]!, FORGERIES.patched_compile_exec!);
    expect(outcome.evaluation.score).toBe(0);
    expect(outcome.failure!.message).toMatch(/tampering with the grader: .*builtins\.compile/);
    const evidence = outcome.evaluation.checks!.find((c) => c.name === 'integrity')!;
    expect(evidence).toMatchObject({ passed: false });
    expect(evidence.detail).toContain('builtins.exec was replaced');
  });
});

describe('grading integrity: obfuscated attacks are caught at run time, not only by the static scan', () => {
  for (const [name, completion] of Object.entries(OBFUSCATED)) {
    it(name, async () => {
      const outcome = await scoreHumanEvalCompletion(PROBLEMS[1]!, completion);
      expectForgeryFails(name, outcome, 'evens');
      // Static findings come first in the evidence: the first one here is a run-time finding.
      expect(outcome.failure!.message).not.toContain('static scan');
    });
  }
});

describe('grading integrity: patches the patched code undoes', () => {
  it('a stdlib comparison patched in one call and restored during the comparison is caught at the call boundary', async () => {
    const run = await runTests({ source: PATCH_AND_RESTORE, tests: [{ name: 't', code: 'assert f(1) == 7' }] });
    expect(run.tests[0]).toMatchObject({ status: 'integrity' });
    // Caught twice over: the result equals anything, and Fraction.__eq__ is not the original.
    expect(run.integrity.violations.join('; ')).toMatch(/equal to anything: fractions\.Fraction|fractions\.Fraction\.__eq__ was replaced/);
  });

  it('a module function patched by one call and used by the next is caught', async () => {
    const source =
      'import math\n_real = math.isclose\ndef _fake(*a, **k):\n    math.isclose = _real\n    return True\ndef f(x):\n    math.isclose = _fake\n    return 0.0\n';
    const run = await runTests({ source, tests: [{ name: 't', code: 'import math\nv = f(1)\nassert math.isclose(v, 2.5)' }] });
    expect(run.tests[0]).toMatchObject({ status: 'integrity' });
    expect(run.integrity.violations.join('; ')).toContain('math.isclose was replaced');
  });
});

describe('grading integrity: legitimate code that looks like introspection is not a violation', () => {
  const tests = [{ name: 't', code: 'assert f(3) == 9\nassert g() == {"a": 2}\nassert isinstance(P(1, 2), tuple)' }];
  it('namedtuple, TypeVar, Enum, dataclass, logging and Counter results pass', async () => {
    const source = [
      'import logging',
      'from collections import namedtuple, Counter, defaultdict',
      'from dataclasses import dataclass',
      'from enum import Enum',
      'from typing import TypeVar, Generic',
      "P = namedtuple('P', 'x y')",
      "T = TypeVar('T')",
      "Color = Enum('Color', 'RED GREEN')",
      '@dataclass',
      'class Box(Generic[T]):',
      '    v: int',
      'def f(x):',
      "    logging.getLogger('x').info('called %s', x)",
      '    return Box(x).v * x',
      'def g():',
      "    return Counter('aa')",
    ].join('\n');
    const run = await runTests({ source, tests });
    expect(run.integrity.violations).toEqual([]);
    expect(run.load_failure).toBeNull();
    expect(run.tests.map((t) => [t.status, t.message])).toEqual([['passed', undefined]]);
  });

  it('formatting a traceback is refused (it hands out frames) but is no violation when the standard library asks', async () => {
    const source = 'import traceback\ndef f(x):\n    try:\n        raise ValueError(x)\n    except ValueError:\n        return traceback.format_exc()\n';
    const run = await runTests({ source, tests: [{ name: 't', code: 'assert f(3)' }] });
    expect(run.integrity.violations).toEqual([]);
    expect(run.tests[0]).toMatchObject({ status: 'error', error: 'AttributeError' });
  });

  it('importing unittest.mock is fine, returning its ANY (equal to anything) is a violation', async () => {
    const clean = await runTests({ source: 'import unittest.mock\ndef f(x):\n    return 5\n', tests: [{ name: 't', code: 'assert f(1) == 5' }] });
    expect(clean.integrity.violations).toEqual([]);
    expect(clean.tests[0]!.status).toBe('passed');
    const forged = await runTests({ source: 'from unittest.mock import ANY\ndef f(x):\n    return ANY\n', tests: [{ name: 't', code: 'assert f(1) == 5' }] });
    expect(forged.tests[0]).toMatchObject({ status: 'integrity' });
  });

  it('a class under test may define comparison methods when the test constructs it', async () => {
    const source =
      'class Stack:\n    def __init__(self):\n        self.items = []\n    def __len__(self):\n        return len(self.items)\n    def __eq__(self, other):\n        return isinstance(other, Stack) and other.items == self.items\n    def push(self, v):\n        self.items.append(v)\n        return self\n';
    const run = await runTests({
      source,
      tests: [{ name: 't', code: 's = Stack()\nassert s.push(1).push(2) == Stack().push(1).push(2)\nassert len(s) == 2' }],
    });
    expect(run.integrity.violations).toEqual([]);
    expect(run.tests.map((t) => t.status)).toEqual(['passed']);
  });

  it('a function returning an answer-defined comparable class fails as an ordinary error', async () => {
    const source =
      'class Num:\n    def __init__(self, v):\n        self.v = v\n    def __eq__(self, other):\n        return other == self.v\ndef f(x):\n    return Num(x * x)\n';
    const run = await runTests({ source, tests: [{ name: 't', code: 'assert f(3) == 9' }] });
    expect(run.integrity.violations).toEqual([]);
    expect(run.tests[0]).toMatchObject({ status: 'error', error: 'AnswerDefinedValue' });
  });
});

describe('grading integrity: forgeries fail under code@1', () => {
  const tasks = readFileSync(path.join(repoRoot, 'experiments/code_exec_v1/tasks.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; reference: CodeReference })
    .filter((task) => ['str_rle', 'num_safe_mean', 'ds_min_stack'].includes(task.id));

  for (const [name, body] of Object.entries(FORGERIES)) {
    it(name, async () => {
      const outcomes = await mapWithConcurrency(tasks, 2, (task) => {
        const response = `${fence}python\ndef ${task.reference.entry_point}(*args, **kwargs):\n${body}${fence}\n`;
        return codeEvaluator.evaluate({ response, reference: task.reference });
      });
      for (const [i, outcome] of outcomes.entries()) expectForgeryFails(name, outcome, tasks[i]!.id);
    });
  }
});

describe.skipIf(!existsSync(datasetPath))(`grading integrity on real HumanEval prompts (needs ${datasetPath})`, () => {
  it('every forgery fails on 12 HumanEval tasks, the canonical solutions pass', async () => {
    const rows = (await readHumanEvalGz(datasetPath)).filter((_, i) => i % 14 === 0);
    for (const row of rows) expect((await scoreHumanEvalCompletion(row, row.canonical_solution)).evaluation.passed, row.task_id).toBe(true);
    for (const [name, completion] of Object.entries(FORGERIES)) {
      const outcomes = await mapWithConcurrency(rows, 2, (row) => scoreHumanEvalCompletion(row, completion));
      for (const [i, outcome] of outcomes.entries()) expectForgeryFails(name, outcome, rows[i]!.task_id);
    }
  }, 300_000);
});
