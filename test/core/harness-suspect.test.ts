import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectHarnessSuspect, recordHarnessSuspect, type SuspectInput } from '../../core/harness-suspect.ts';
import { outcomeFromTestRun } from '../../runner/evaluators/code.ts';
import { humanevalEvaluator } from '../../runner/evaluators/humaneval.ts';
import { readHumanEvalGz, type HumanEvalRow } from '../../runner/sandbox/humaneval-data.ts';
import { runTests } from '../../runner/sandbox/run-tests.ts';
import { makeRunRecord } from '../fixtures/make-run-record.ts';

const datasetPath = path.resolve(import.meta.dirname, '../../../shared/datasets/HumanEval.jsonl.gz');
const haveDataset = existsSync(datasetPath);
if (!haveDataset) console.warn(`skipping the HumanEval harness-suspect tests: ${datasetPath} is absent`);
const fence = '```';

/** The prompt's own `def entry_point(...)` line onwards, with the canonical body: the function a model would write. */
const answerFunction = (row: HumanEvalRow) => `${row.prompt.slice(row.prompt.lastIndexOf(`def ${row.entry_point}(`))}${row.canonical_solution}`;

/**
 * What a preamble-dropping harness does: runs the model's function and the tests WITHOUT the
 * prompt, in our real sandbox, so the failure message is the one Python actually gives.
 */
async function withoutPreamble(row: HumanEvalRow, code: string) {
  const tests = [{ name: 'check', code: `${row.test}\n\ncheck(${row.entry_point})\n` }];
  return outcomeFromTestRun('humaneval@1', await runTests({ source: code, tests }), tests, 1).failure;
}

const input = (overrides: Partial<SuspectInput>): SuspectInput => ({
  prompt: null,
  response: '',
  doneReason: 'stop',
  failure: { stage: 'semantic', class: 'wrong_answer', message: '1/1 tests failed; check' },
  evaluator: 'humaneval@1',
  ...overrides,
});

describe.runIf(haveDataset)('harness suspects on real HumanEval prompts, run without their preamble in the sandbox', () => {
  const load = async (ids: string[]) => {
    const rows = await readHumanEvalGz(datasetPath);
    return ids.map((id) => rows.find((row) => row.task_id === id)!);
  };

  it('a NameError for a name the prompt imports or defines (List, is_palindrome, poly, encode_cyclic) is a prompt_name suspect', async () => {
    const rows = await load(['HumanEval/0', 'HumanEval/10', 'HumanEval/32', 'HumanEval/38']);
    const expected = ['List', 'is_palindrome', 'poly', 'encode_cyclic'];
    for (const [i, row] of rows.entries()) {
      const code = answerFunction(row);
      const failure = await withoutPreamble(row, code);
      expect(failure?.message).toMatch(new RegExp(`NameError: name '${expected[i]}' is not defined`));
      const suspect = detectHarnessSuspect(input({ prompt: row.prompt, response: `${fence}python\n${code}${fence}`, failure }));
      expect(suspect?.reason).toBe('prompt_name');
      expect(suspect?.evidence).toContain(`'${expected[i]}'`);
      // The evidence quotes the prompt's own line that binds the name.
      const bound = row.prompt.split('\n').find((line) => line.startsWith(`def ${expected[i]}(`) || line === `from typing import ${expected[i]}`)!;
      expect(suspect?.evidence).toContain(bound.trim());
    }
  }, 60_000);

  it('a NameError for a module the prompt imports (math in HumanEval/32) is a prompt_module suspect', async () => {
    const [row] = await load(['HumanEval/32']);
    // The model restated the helper but not the prompt's `import math`.
    const helper = row!.prompt.slice(row!.prompt.indexOf('def poly('), row!.prompt.indexOf('def find_zero('));
    const code = `${helper}${answerFunction(row!)}`;
    const failure = await withoutPreamble(row!, code);
    expect(failure?.message).toMatch(/NameError: name 'math' is not defined/);
    const suspect = detectHarnessSuspect(input({ prompt: row!.prompt, response: code, failure }));
    expect(suspect).toEqual({ reason: 'prompt_module', evidence: expect.stringContaining('at its line 1: import math') });
  }, 60_000);

  it('our own scorer runs prompt + answer, so the same answers pass and nothing is labelled', async () => {
    const rows = await load(['HumanEval/0', 'HumanEval/10']);
    for (const row of rows) {
      const outcome = await humanevalEvaluator.evaluate({ response: `${fence}python\n${answerFunction(row)}${fence}`, reference: row });
      expect(outcome.failure).toBeNull();
    }
  }, 60_000);

  it('a genuine NameError (a name the prompt never binds) is the model’s own fault', async () => {
    const [row] = await load(['HumanEval/0']);
    const code = answerFunction(row!).replace('abs(elem - elem2)', 'absolute(elem - elem2)');
    const failure = await withoutPreamble(row!, `from typing import List\n${code}`);
    expect(failure?.message).toMatch(/NameError: name 'absolute' is not defined/);
    expect(detectHarnessSuspect(input({ prompt: row!.prompt, response: code, failure }))).toBeNull();
  }, 60_000);
});

describe('harness suspects: skipped fences and the token limit', () => {
  it('an extraction failure beside a fence that holds Python names the fence', () => {
    const response = `Sure.\n\n${fence}Python 3\ndef add(a, b):\n    return a + b\n${fence}\n`;
    const failure = { stage: 'extract', class: 'extraction_failed', message: 'no Python code found in the response' };
    const suspect = detectHarnessSuspect(input({ response, failure }));
    expect(suspect).toEqual({ reason: 'skipped_fence', evidence: expect.stringContaining('reply line 3 (```Python 3) holds Python: def add(a, b):') });
    // Prose or another language in a fence is no skipped answer, and a numeric task has no code to skip.
    expect(detectHarnessSuspect(input({ response: `${fence}text\nno code here\n${fence}`, failure }))).toBeNull();
    const javascript = `${fence}js\nimport fs from 'fs';\nclass Adder {\n  add(a, b) {\n    return a + b;\n  }\n}\n${fence}`;
    expect(detectHarnessSuspect(input({ response: javascript, failure }))).toBeNull();
    expect(detectHarnessSuspect(input({ response: `${fence}\nimport math\n${fence}`, failure }))?.reason).toBe('skipped_fence');
    expect(detectHarnessSuspect(input({ response, failure, evaluator: 'numeric@1' }))).toBeNull();
  });

  it('a syntax error on a fence marker: the harness ran the fence itself', () => {
    const failure = { stage: 'parse', class: 'syntax_error', message: 'line 1: invalid syntax: ```python' };
    expect(detectHarnessSuspect(input({ failure }))?.reason).toBe('skipped_fence');
    expect(detectHarnessSuspect(input({ failure: { ...failure, message: 'line 3: invalid syntax' } }))).toBeNull();
  });

  it('a NameError for a helper another fence of the reply defines', () => {
    const response = `${fence}python\ndef helper(x):\n    return x\n${fence}\n\n${fence}python\ndef solve(x):\n    return helper(x)\n${fence}`;
    const failure = { stage: 'execute', class: 'runtime_error', message: "1/1 tests failed; check: NameError: name 'helper' is not defined" };
    expect(detectHarnessSuspect(input({ response, failure }))).toEqual({
      reason: 'skipped_fence',
      evidence: expect.stringContaining('fence opened at its line 1'),
    });
  });

  it('a reply cut at max_tokens and scored wrong, under either server spelling', () => {
    for (const doneReason of ['length', 'max_tokens']) {
      const suspect = detectHarnessSuspect(input({ response: 'def f(x):\n    return x +', doneReason }));
      expect(suspect?.reason).toBe('max_tokens');
      expect(suspect?.evidence).toContain(`done_reason ${doneReason}`);
    }
    expect(detectHarnessSuspect(input({ doneReason: 'stop' }))).toBeNull();
    expect(detectHarnessSuspect(input({ doneReason: 'length', failure: null }))).toBeNull();
    expect(detectHarnessSuspect(input({ doneReason: 'length', failure: { stage: 'transport', class: 'timeout', message: 'timed out' } }))).toBeNull();
  });

  it('a recorded label wins over the detector, null included; a record without one is read by the detector', () => {
    const failure = { stage: 'semantic' as const, class: 'wrong_answer', message: 'wrong' };
    const cut = { response: { text: '42 and', done_reason: 'length' }, evaluation: { evaluator: 'numeric@1', score: 0, passed: false } };
    expect(recordHarnessSuspect(makeRunRecord({ ...cut, failure }))?.reason).toBe('max_tokens');
    expect(recordHarnessSuspect(makeRunRecord({ ...cut, failure: { ...failure, harness_suspect: null } }))).toBeNull();
    expect(recordHarnessSuspect(makeRunRecord({ failure: null }))).toBeNull();
  });
});
