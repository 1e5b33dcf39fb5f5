import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { RunRecordSchema } from '../../../schema/run-record.ts';
import { tempDir } from '../sweep/support.ts';

/** A loopback port with nothing listening: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const repoLedgers = () => (existsSync('ledgers') ? readdirSync('ledgers', { recursive: true }).sort() : []);

describe('ledgerbench run (in process)', () => {
  let errors: MockInstance;
  let logs: MockInstance;
  let stdout: MockInstance;
  let stderr: MockInstance;
  beforeEach(() => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('prints --help generated from the flag table and exits 0', async () => {
    expect(await cli(['run', '--help'])).toBe(0);
    const help = String(logs.mock.calls[0]![0]);
    expect(help).toMatch(/^usage: ledgerbench run --models/);
    for (const flag of ['--tdp-levels', '--resume', '--dataset', '--sample-seed', '--dry-run']) expect(help).toContain(flag);
  });

  const existing = join(tempDir(), 'taken.jsonl');
  writeFileSync(existing, "someone else's ledger\n");
  it.each([
    [['--bogus'], /^ledgerbench run: unknown flag --bogus; see ledgerbench run --help/],
    [[], /--models is required/],
    [['--models', 'sim:small', '--experiments', 'no_such_suite'], /unknown experiment 'no_such_suite'; available: .*math_measurement_v1/],
    [['--models', 'sim:small', '--arms', 'nope'], /unknown arm 'nope'; available: .*plain/],
    [['--models', 'what is this'], /bad model spec 'what is this'/],
    [['--models', 'sim:no_such_profile', '--experiments', 'math_measurement_v1'], /sim:no_such_profile/],
    [['--models', 'sim:small', '--repeats', 'x'], /--repeats: expected a whole number, got 'x'/],
    [['--models', 'sim:small', '--limit', '0'], /--limit: expected at least 1/],
    [['--models', 'sim:small', '--experiments', 'gsm8k'], /experiment 'gsm8k' is a standard suite: pass --dataset gsm8k=/],
    [['--models', 'sim:small', '--experiments', 'gsm8k', '--dataset', 'gsm8k=/no/such/gsm8k.jsonl'], /gsm8k\.jsonl/],
    [['--models', 'sim:small', '--dataset', 'trivia=x.jsonl'], /--dataset trivia: not a standard suite/],
    [['--resume', 'sweep-20990101T000000Z-dead'], /no sweep 'sweep-20990101T000000Z-dead' found/],
    [['--resume', 'sweep-20990101T000000Z-dead', '--repeats', '2'], /--repeats cannot be combined with --resume/],
    [['--models', 'sim:small', '--experiments', 'math_measurement_v1', '--out', existing], /ledger already exists/],
    [['--models', 'foo:'], /bad model spec 'foo:': nothing after the ':'/],
    [['--models', 'sim:small', '--repeats', '-1'], /--repeats: expected at least 1, got -1$/],
    [
      ['--models', 'sim:small', '--tdp-levels', '-5w'],
      /--tdp-levels: '-5w' is not a power level; use a percent of the default limit \(80\) or watts \(250w\)$/,
    ],
    [['--models', 'sim:small', '--repeats', '99999999999', '--dry-run'], /would make [\d,]+ runs, more than the 1,000,000 one sweep may plan/],
    [
      ['--models', 'sim:small', '--experiments', 'math_measurement_v1', '--out', join(tempDir(), 'no', 'such', 'x.jsonl')],
      /folder .*no\/such does not exist; create it first/,
    ],
    [['--models', 'sim:small', '--experiments', 'math_measurement_v1', '--out', join(existing, 'x.jsonl')], /taken\.jsonl is a file, not a folder/],
  ])('%j: one line, non-zero exit, no file', async (argv, message) => {
    const before = repoLedgers();
    const ledgers = join(tempDir(), 'ledgers');
    const code = await cli(['run', ...argv, ...(argv.includes('--out') ? [] : ['--ledgers-dir', ledgers])]);
    expect(code).not.toBe(0);
    expect(errors).toHaveBeenCalledTimes(1);
    const line = String(errors.mock.calls[0]![0]);
    expect(line).toMatch(/^ledgerbench run: /);
    expect(line).not.toContain('\n');
    expect(line).toMatch(message);
    expect(existsSync(ledgers)).toBe(false);
    expect(repoLedgers()).toEqual(before);
    expect(readFileSync(existing, 'utf8')).toBe("someone else's ledger\n");
  });

  it('a --ledgers-dir that cannot be made is one line, with no summary or resume advice', async () => {
    const code = await cli(['run', '--models', 'sim:small', '--experiments', 'math_measurement_v1', '--ledgers-dir', join(existing, 'sub')]);
    expect(code).toBe(2);
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/^ledgerbench run: --ledgers-dir: .*taken\.jsonl is a file, not a folder/),
    ]);
    expect(stdout.mock.calls.map((call) => String(call[0])).join('')).not.toMatch(/resume with/);
  });

  it('an unreachable Ollama server stops the sweep before a ledger exists', async () => {
    const port = await closedPort();
    const previous = process.env.OLLAMA_HOST;
    process.env.OLLAMA_HOST = `http://127.0.0.1:${port}`;
    try {
      const ledgers = join(tempDir(), 'ledgers');
      const code = await cli(['run', '--models', 'qwen3:8b', '--experiments', 'math_measurement_v1', '--retries', '0', '--ledgers-dir', ledgers]);
      expect(code).not.toBe(0);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]![0])).toContain(String(port));
      expect(existsSync(ledgers)).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.OLLAMA_HOST;
      else process.env.OLLAMA_HOST = previous;
    }
  });

  it('--dry-run prints the plan and creates nothing', async () => {
    const ledgers = join(tempDir(), 'ledgers');
    const code = await cli([
      'run',
      '--models',
      'sim:small,sim:large',
      '--experiments',
      'math_measurement_v1',
      '--limit',
      '3',
      '--repeats',
      '2',
      '--dry-run',
      '--ledgers-dir',
      ledgers,
    ]);
    expect(code).toBe(0);
    const printed = stdout.mock.calls.map((call) => String(call[0])).join('');
    expect(printed).toMatch(/as-is\s+sim:small\s+math_measurement_v1\s+6/);
    expect(printed).toContain('total: 12 runs');
    expect(existsSync(ledgers)).toBe(false);
  });

  it('a full simulated sweep writes one valid record per planned run', async () => {
    const ledgers = tempDir();
    const code = await cli(['run', '--models', 'sim:small', '--experiments', 'math_measurement_v1', '--limit', '5', '--ledgers-dir', ledgers]);
    expect(code).toBe(0);
    const ledger = readdirSync(ledgers).find((file) => file.endsWith('.jsonl'))!;
    expect(ledger).toMatch(/^sweep-\d{8}T\d{6}Z-[0-9a-f]{4}\.jsonl$/);
    const records = readFileSync(join(ledgers, ledger), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => RunRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(5);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(5);
    expect(new Set(records.map((r) => r.sweep_id))).toEqual(new Set([ledger.replace('.jsonl', '')]));
    for (const record of records) {
      expect(record).toMatchObject({ simulated: true, model: { name: 'small', backend: 'sim' }, experiment: 'math_measurement_v1', arm: 'plain' });
      expect(record.evaluation.evaluator).toBe('numeric@1');
      expect(record.energy.method).toBe('simulated');
      expect(record.request!.prompt.length).toBeGreaterThan(0);
    }
    expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toMatch(/5\/5 \(100\.0%\)/);
    expect(stdout.mock.calls.map((call) => String(call[0])).join('')).toMatch(/5 written .* 0 remaining; power limit untouched/);
  });
});
