import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { CliError } from '../../../lib/cli-error.ts';
import { main, type ScoreIo } from '../../../runner/commands/score.ts';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ledgerbench-score-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const jsonl = (name: string, rows: unknown[]) => {
  const file = path.join(tmp, name);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
};

/** Runs `score` in-process and records what it prints. */
async function run(argv: string[], isTTY = false): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const io: ScoreIo = { out: (line) => lines.push(...line.split('\n')), isTTY };
  const code = await main(argv, io);
  return { code, lines };
}

async function failure(argv: string[]): Promise<CliError> {
  const error = await run(argv).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

const numericRows = [
  { id: 'a', response: 'Working: 2 + 2 = 4\nAnswer: 1,200', reference: 1200 },
  { id: 'b', response: 'The answer is 41.', reference: 42 },
  { id: 'c', response: '', reference: '3/4' },
];

describe('score --evaluator NAME --input FILE', () => {
  it('prints plain tab-separated lines and the totals to a pipe', async () => {
    const input = jsonl('numeric.jsonl', numericRows);
    const { code, lines } = await run(['--evaluator', 'numeric', '--input', input]);
    expect(code).toBe(0);
    expect(lines).toEqual(['a\t1.000\tpass\t-', 'b\t0.000\tfail\twrong_value', 'c\t0.000\tfail\tempty_response', 'n=3 passed=1 mean_score=0.3333']);
  });

  it('prints JSONL with --json, then a totals line', async () => {
    const input = jsonl('numeric-json.jsonl', numericRows);
    const { lines } = await run(['--evaluator', 'numeric@1', '--input', input, '--json']);
    const rows = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows[0]).toEqual({ id: 'a', score: 1, passed: true, failure: null });
    expect(rows[1]).toEqual({
      id: 'b',
      score: 0,
      passed: false,
      failure: { stage: 'semantic', class: 'wrong_value', message: 'extracted 41 via marker; reference 42' },
    });
    expect(rows[3]).toEqual({ totals: { n: 3, passed: 1, mean_score: 1 / 3 } });
  });

  it('prints an aligned table on a terminal', async () => {
    const input = jsonl('numeric-tty.jsonl', numericRows);
    const { lines } = await run(['--evaluator', 'numeric', '--input', input], true);
    expect(lines[0]).toBe('id  score  result  failure');
    expect(lines[1]).toBe('a   1.000  pass');
    expect(lines[2]).toBe('b   0.000  FAIL    wrong_value [semantic]: extracted 41 via marker; reference 42');
    expect(lines.at(-1)).toBe('n=3 passed=1 mean_score=0.3333');
  });

  it('scores fields@1 with partial credit', async () => {
    const reference = {
      checks: [
        { kind: 'fact', name: 'au', any_of: ['Au'] },
        { kind: 'fact', name: 'hg', any_of: ['Hg'] },
      ],
    };
    const input = jsonl('fields.jsonl', [{ id: 7, response: 'Gold is Au.', reference }]);
    const { lines } = await run(['--evaluator', 'fields', '--input', input]);
    expect(lines).toEqual(['7\t0.500\tfail\tmissing_fact', 'n=1 passed=0 mean_score=0.5000']);
  });
});

describe('score input errors are one located line', () => {
  it('names a missing input file', async () => {
    const missing = path.join(tmp, 'absent.jsonl');
    expect((await failure(['--evaluator', 'numeric', '--input', missing])).message).toBe(`${missing}: input file not found; check --input`);
  });

  it('names file:line for a malformed line and for a missing field', async () => {
    const file = path.join(tmp, 'malformed.jsonl');
    writeFileSync(file, '{"id": "a", "response": "1", "reference": 1}\n{oops\n');
    expect((await failure(['--evaluator', 'numeric', '--input', file])).message).toMatch(/malformed\.jsonl:2: not a JSON object/);
    const noRef = jsonl('no-ref.jsonl', [{ id: 'a', response: '1' }]);
    expect((await failure(['--evaluator', 'numeric', '--input', noRef])).message).toMatch(/no-ref\.jsonl:1: reference: /);
  });

  it('locates a reference the evaluator refuses', async () => {
    const file = jsonl('bad-ref.jsonl', [numericRows[0], { id: 'x', response: '1', reference: 'lots' }]);
    expect((await failure(['--evaluator', 'numeric', '--input', file])).message).toBe(
      `${file}:2: numeric@1 reference: expected a number or a numeric string, got "lots"`,
    );
  });

  it('refuses an unknown evaluator, missing flags and unknown flags', async () => {
    const input = jsonl('ok.jsonl', numericRows);
    expect((await failure(['--evaluator', 'vibes', '--input', input])).message).toMatch(/^unknown evaluator 'vibes'; known: numeric, fields/);
    expect((await failure(['--input', input])).message).toMatch(/^--evaluator is required/);
    expect((await failure(['--evaluator', 'numeric'])).message).toMatch(/^--input/);
    expect((await failure(['--evaluator', 'numeric', '--input', input, '--bogus'])).message).toMatch(/--bogus.*see ledgerbench score --help/);
    expect((await failure(['--evaluator', 'numeric', '--input', input, '--dataset', 'x.jsonl'])).message).toMatch(/--dataset works with/);
    expect((await failure(['--evaluator', 'gsm8k', '--input', input])).message).toMatch(/pass --dataset/);
  });

  it('refuses a folder as --input in one line, and lists each evaluator once', async () => {
    expect((await failure(['--evaluator', 'numeric', '--input', tmp])).message).toBe(`${tmp}: not a file; --input takes one JSONL file`);
    const listed = (await failure(['--input', jsonl('any.jsonl', numericRows)])).message.replace(/^.*one of /, '').split(', ');
    expect(listed.length).toBeGreaterThan(3);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('turns parseArgs errors into one line naming the flag', async () => {
    const input = jsonl('ok2.jsonl', numericRows);
    expect((await failure(['--evaluator', 'numeric', '--input', input, '--k'])).message).toBe('--k: missing value; see ledgerbench score --help');
    expect((await failure(['--evaluator', 'numeric', '--input', input, 'extra'])).message).toMatch(/^unexpected argument 'extra'/);
  });

  it('exits 2 with one line through the ledgerbench dispatcher', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
    try {
      const code = await cli(['score', '--evaluator', 'numeric', '--input', path.join(tmp, 'nope.jsonl')]);
      expect(code).toBe(2);
      expect(errors).toEqual([`ledgerbench score: ${path.join(tmp, 'nope.jsonl')}: input file not found; check --input`]);
    } finally {
      spy.mockRestore();
    }
  });

  it('prints its help', async () => {
    const { code, lines } = await run(['--help']);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^usage: ledgerbench score --evaluator NAME --input FILE\.jsonl/);
  });
});

describe('score --dataset (sample format, pass@k)', () => {
  const gsm8kRows = [
    { question: 'Tom has 3 pens and buys 4 more. How many pens?', answer: '3 + 4 = 7\n#### 7' },
    { question: 'A crate holds 1,000 nails. How many in 3 crates?', answer: '#### 3,000' },
  ];

  it('joins gsm8k samples on task_id and reports pass@k averaged over tasks', async () => {
    const dataset = jsonl('gsm8k.jsonl', gsm8kRows);
    const samples = jsonl('samples.jsonl', [
      { task_id: 'gsm8k_0001', completion: 'Answer: 7' },
      { task_id: 'gsm8k_0001', completion: 'Answer: 8' },
      { task_id: 'gsm8k_0002', completion: 'So 3,000 nails.' },
      { task_id: 'gsm8k_0002', completion: 'Answer: 3000' },
    ]);
    const { lines } = await run(['--evaluator', 'gsm8k', '--dataset', dataset, '--input', samples, '--k', '1,2,5']);
    expect(lines.slice(0, 4)).toEqual([
      'gsm8k_0001#0\t1.000\tpass\t-',
      'gsm8k_0001#1\t0.000\tfail\twrong_value',
      'gsm8k_0002#0\t1.000\tpass\t-',
      'gsm8k_0002#1\t1.000\tpass\t-',
    ]);
    // Task 1: n=2, c=1 → pass@1 0.5, pass@2 1; task 2: n=2, c=2 → 1 and 1.
    expect(lines.slice(4)).toEqual([
      'n=4 passed=3 mean_score=0.7500 tasks=2',
      'pass@1=0.7500 over 2 tasks',
      'pass@2=1.0000 over 2 tasks',
      'pass@5: n/a (no task has 5 samples)',
    ]);
  });

  it('writes pass@k into the JSON totals and checks the dataset sha256', async () => {
    const dataset = jsonl('gsm8k-sha.jsonl', gsm8kRows);
    const samples = jsonl('samples-sha.jsonl', [{ task_id: 'gsm8k_0002', completion: '#### 3000' }]);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(readFileSync(dataset)).digest('hex');
    const { lines } = await run(['--evaluator', 'gsm8k', '--dataset', `${dataset}#sha256=${sha}`, '--input', samples, '--json']);
    expect(JSON.parse(lines[0]!)).toEqual({ id: 'gsm8k_0002', sample: 0, score: 1, passed: true, failure: null });
    expect(JSON.parse(lines[1]!)).toEqual({ totals: { n: 1, passed: 1, mean_score: 1, tasks: 1, pass_at_k: { '1': 1 } } });
    const wrong = '0'.repeat(64);
    expect((await failure(['--evaluator', 'gsm8k', '--dataset', `${dataset}#sha256=${wrong}`, '--input', samples])).message).toMatch(
      /sha256 mismatch: expected 0{64}, got [0-9a-f]{64}$/,
    );
  });

  it('refuses a sample for an unknown task_id and a bad --k', async () => {
    const dataset = jsonl('gsm8k-unknown.jsonl', gsm8kRows);
    const samples = jsonl('samples-unknown.jsonl', [
      { task_id: 'gsm8k_0001', completion: '7' },
      { task_id: 'gsm8k_0099', completion: '1' },
    ]);
    expect((await failure(['--evaluator', 'gsm8k', '--dataset', dataset, '--input', samples])).message).toBe(
      `${samples}:2: task_id "gsm8k_0099" is not in the gsm8k dataset (ids look like "gsm8k_0001")`,
    );
    expect((await failure(['--evaluator', 'gsm8k', '--dataset', dataset, '--input', samples, '--k', '1,x'])).message).toMatch(/^--k: /);
  });

  it('runs MBPP samples in the sandbox, joining bare dataset numbers', async () => {
    const dataset = path.resolve(import.meta.dirname, '../../fixtures/mbpp/mbpp-sample.jsonl');
    const samples = jsonl('mbpp-samples.jsonl', [
      { task_id: 901, completion: '```python\ndef even_square_sum(values):\n    return sum(v * v for v in values if v % 2 == 0)\n```' },
      { task_id: 'Mbpp/902', completion: '```python\ndef reverse_words(sentence):\n    return sentence\n```' },
    ]);
    const { lines } = await run(['--evaluator', 'mbpp', '--dataset', dataset, '--input', samples]);
    expect(lines[0]).toMatch(/^Mbpp\/901#0\t1\.000\tpass\t-$/);
    expect(lines[1]).toMatch(/^Mbpp\/902#0\t0\.\d{3}\tfail\twrong_answer$/);
    expect(lines.at(-1)).toBe('pass@1=0.5000 over 2 tasks');
  });
});

const humanEval = path.resolve(import.meta.dirname, '../../../../shared/datasets/HumanEval.jsonl.gz');

describe.skipIf(!existsSync(humanEval))('score --evaluator humaneval (shared dataset)', () => {
  it('passes canonical solutions given as raw completions and fails a wrong one', async () => {
    const { gunzipSync } = await import('node:zlib');
    const rows = gunzipSync(readFileSync(humanEval))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 2)
      .map((line) => JSON.parse(line) as { task_id: string; canonical_solution: string });
    const samples = jsonl('he-samples.jsonl', [
      ...rows.map((row) => ({ task_id: row.task_id, completion: row.canonical_solution })),
      { task_id: rows[0]!.task_id, completion: '    return False\n' },
    ]);
    const { lines } = await run(['--evaluator', 'humaneval', '--dataset', humanEval, '--input', samples, '--raw']);
    expect(lines.slice(0, 3).map((line) => line.split('\t').slice(0, 3).join(' '))).toEqual([
      'HumanEval/0#0 1.000 pass',
      'HumanEval/1#0 1.000 pass',
      'HumanEval/0#1 0.000 fail',
    ]);
    // Task 0: n=2, c=1 → 0.5; task 1: 1 → mean 0.75.
    expect(lines.at(-1)).toBe('pass@1=0.7500 over 2 tasks');
  });
});
