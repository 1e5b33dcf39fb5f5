import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeEvaluator } from '../../../runner/evaluators/code.ts';
import { FORMAT_WEIGHTS, looksParsable, scoreFormat } from '../../../runner/evaluators/format.ts';

const fence = '```';
const good = 'def is_even(n):\n    return n % 2 == 0';
const buggy = 'def is_even(n):\n    return n % 2 == 0 and n >= 0';
const reference = {
  entry_point: 'is_even',
  solution: `${good}\n`,
  tests: [
    { name: 'zero', code: 'assert is_even(0) is True' },
    { name: 'odd', code: 'assert is_even(7) is False' },
    { name: 'negative', code: 'assert is_even(-4) is True' },
  ],
};

/** Answers whose shape and correctness disagree: the two scores must not follow each other. */
const answers = [
  { name: 'correct code in a plain fence', response: `${fence}python\n${good}\n${fence}`, format: FORMAT_WEIGHTS.parses, executor: 1 },
  {
    name: 'full contract shape around a bug',
    response: `${fence}FILE: solution.py\n${buggy}\n${fence}\n\nRun: python3 solution.py`,
    format: 1,
    executor: 2 / 3,
  },
  {
    name: 'full contract shape, correct',
    response: `FILE: solution.py\n${fence}python\n${good}\n${fence}\nRun it with \`python3 -m pytest\`.`,
    format: 1,
    executor: 1,
  },
  { name: 'correct bare code, no fence', response: `${good}\n`, format: FORMAT_WEIGHTS.parses, executor: 1 },
  {
    name: 'named file that does not compile, with run line',
    response: `${fence}FILE: solution.py\ndef is_even(n)\n    return n % 2 == 0\n${fence}\nRun: python3 solution.py`,
    format: FORMAT_WEIGHTS.file_block + FORMAT_WEIGHTS.run_instruction,
    executor: 0,
  },
  { name: 'prose only', response: 'An even number is divisible by two.', format: 0, executor: 0 },
];

describe('format score vs executor score', () => {
  for (const a of answers) {
    it(a.name, async () => {
      const outcome = await codeEvaluator.evaluate({ response: a.response, reference });
      expect(outcome.evaluation.format_score).toBeCloseTo(a.format, 9);
      expect(outcome.evaluation.score).toBeCloseTo(a.executor, 9);
    });
  }
});

describe('scoreFormat', () => {
  it('weights sum to one', () => {
    expect(FORMAT_WEIGHTS.file_block + FORMAT_WEIGHTS.parses + FORMAT_WEIGHTS.run_instruction).toBeCloseTo(1, 12);
  });

  it('reports each part', () => {
    expect(scoreFormat(`${fence}FILE: solution.py\n${good}\n${fence}`).parts).toEqual({ file_block: true, parses: true, run_instruction: false });
  });

  it('trusts the executor parse result over the heuristic', () => {
    const response = `${fence}python\n${good}\n${fence}`;
    expect(scoreFormat(response, { parses: false }).parts.parses).toBe(false);
    expect(scoreFormat(response).parts.parses).toBe(true);
  });

  it('does not read "python" in prose as a run instruction', () => {
    expect(scoreFormat('Here is the python solution below.').parts.run_instruction).toBe(false);
    expect(scoreFormat('Usage: call is_even(4)').parts.run_instruction).toBe(true);
    expect(scoreFormat('then `pytest -q`').parts.run_instruction).toBe(true);
  });

  it('does not count a named file block that is not Python', () => {
    expect(scoreFormat(`${fence}FILE: notes.txt\nhello\n${fence}`).parts.file_block).toBe(false);
  });
});

describe('looksParsable', () => {
  it('accepts balanced code and strings holding brackets', () => {
    expect(looksParsable('def f(x):\n    return ")" + "[" # (\n')).toBe(true);
    expect(looksParsable('s = """\n(unclosed in docstring\n"""\nx = 1')).toBe(true);
  });

  it('rejects unbalanced brackets, open strings and prose', () => {
    expect(looksParsable('def f(x:\n    return x')).toBe(false);
    expect(looksParsable('x = "abc\ny = 1')).toBe(false);
    expect(looksParsable('Sure, here it is.')).toBe(false);
  });
});

describe('the contract arm asks for exactly what the format scorer measures', () => {
  const template = readFileSync(path.resolve(import.meta.dirname, '../../../experiments/_arms/contract.md'), 'utf8');

  it('names the file block and the run line', () => {
    expect(template).toContain('{{prompt}}');
    expect(template).toContain('```FILE: solution.py');
    expect(template).toContain('`Run:`');
  });

  it('an answer that follows it to the letter scores format 1', () => {
    const answer = `${fence}FILE: solution.py\n${good}\n${fence}\n\n${fence}FILE: test_solution.py\nfrom solution import is_even\n\ndef test_even():\n    assert is_even(2)\n${fence}\n\nRun: python3 -m pytest test_solution.py`;
    expect(scoreFormat(answer, { entryPoint: 'is_even' })).toEqual({ score: 1, parts: { file_block: true, parses: true, run_instruction: true } });
  });
});
