import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fault, SeenRequest } from '../fakes/fake-http-server.ts';
import { startFakeOllama } from '../fakes/fake-ollama.ts';
import { startFakeOpenAi } from '../fakes/fake-openai.ts';
import { mathAnswerer, readLedger, runCli, tempDir } from './openai-sweep-helpers.ts';

/** One fault per measured request, in order; the last request is answered cleanly. */
const SCHEDULE: Array<{ fault: Fault | null; failureClass: string | null }> = [
  { fault: { kind: 'http_status', status: 500 }, failureClass: 'http_5xx' },
  { fault: { kind: 'malformed', afterChunks: 2 }, failureClass: 'malformed_response' },
  { fault: { kind: 'cut', afterChunks: 2 }, failureClass: 'stream_cut' },
  { fault: { kind: 'delay', ms: 2_500 }, failureClass: 'timeout' },
  { fault: { kind: 'model_not_found' }, failureClass: 'model_not_found' },
  { fault: { kind: 'reset' }, failureClass: 'connection_refused' },
  { fault: { kind: 'http_status', status: 429, retryAfterS: 1 }, failureClass: 'rate_limited' },
  { fault: null, failureClass: null },
];

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

function userPrompt(body: unknown): string {
  return (body as { messages: Array<{ role: string; content: string }> }).messages.filter((m) => m.role === 'user').at(-1)!.content;
}

/**
 * A fault plan that hands out SCHEDULE in order to measured requests (the warm-up, which asks
 * for one token, is left alone) and remembers which prompt got which expected class.
 */
function scheduledFaults(isWarmup: (body: unknown) => boolean) {
  const expected = new Map<string, string | null>();
  let next = 0;
  const plan = (request: SeenRequest): Fault | null => {
    if (isWarmup(request.body)) return null;
    const step = SCHEDULE[next++ % SCHEDULE.length]!;
    expected.set(userPrompt(request.body), step.failureClass);
    return step.fault;
  };
  return { plan, expected };
}

const servers = {
  openai: async (plan: (r: SeenRequest) => Fault | null) => {
    const fake = await startFakeOpenAi({ answer: mathAnswerer(), faults: plan });
    closers.push(() => fake.close());
    return { args: ['--models', 'openai:fake-model', '--base-url', fake.baseUrl], env: {} };
  },
  ollama: async (plan: (r: SeenRequest) => Fault | null) => {
    const fake = await startFakeOllama({ answer: mathAnswerer(), faults: plan });
    closers.push(() => fake.close());
    return { args: ['--models', 'qwen3:8b'], env: { OLLAMA_HOST: fake.url } };
  },
};

const warmupTest = {
  openai: (body: unknown) => (body as { max_tokens?: number }).max_tokens === 1,
  ollama: (body: unknown) => (body as { options?: { num_predict?: number } }).options?.num_predict === 1,
};

describe.each(['openai', 'ollama'] as const)('%s: faults in the middle of a sweep', (kind) => {
  it('records each fault as a transport failure of its class, drops no run, and finishes', async () => {
    const { plan, expected } = scheduledFaults(warmupTest[kind]);
    const server = await servers[kind](plan);
    const dir = await tempDir('faults');
    dirs.push(dir);
    const args = ['run', ...server.args, '--experiments', 'math_measurement_v1', '--limit', String(SCHEDULE.length), '--retries', '0', '--timeout-ms', '1000'];
    // Seven faults in a row would stop the sweep early (default 5): this test wants each one recorded.
    args.push('--max-transport-failures', '0');
    const cli = await runCli([...args, '--ledgers-dir', dir], server.env);
    expect(cli.stderr).not.toMatch(/unexpected error/);
    // Seven of eight runs were not answered: the sweep finishes, but says so with exit 3.
    expect(cli.code).toBe(3);
    expect(cli.stdout).toContain('7 planned runs ended in a transport failure: not answered, so not model results (exit 3)');

    const { records } = await readLedger(dir);
    expect(records).toHaveLength(SCHEDULE.length);
    expect(new Set(records.map((r) => r.task.id)).size).toBe(SCHEDULE.length);
    const seenClasses = records.map((record) => {
      const wanted = expected.get(record.request!.prompt);
      expect(wanted).not.toBeUndefined();
      if (wanted === null) {
        expect(record.failure).toBeNull();
        expect(record.evaluation.passed).toBe(true);
      } else {
        expect(record.failure).toMatchObject({ stage: 'transport', class: wanted });
        expect(record.evaluation.passed).toBe(false);
        expect(record.response.text).toBe('');
      }
      return record.failure?.class ?? null;
    });
    expect(new Set(seenClasses)).toEqual(new Set(SCHEDULE.map((s) => s.failureClass)));
  });
});

describe('retries inside a sweep', () => {
  it('a fault that clears on retry leaves no transport record', async () => {
    let measured = 0;
    const fake = await startFakeOpenAi({
      answer: mathAnswerer(),
      faults: (request) => {
        if (warmupTest.openai(request.body)) return null;
        measured++;
        // The first measured request fails twice (503, then a dropped connection); the retries recover.
        if (measured === 1) return { kind: 'http_status', status: 503 };
        if (measured === 2) return { kind: 'cut', afterChunks: 1 };
        return null;
      },
    });
    closers.push(() => fake.close());
    const dir = await tempDir('retries');
    dirs.push(dir);
    const cli = await runCli(
      [
        'run',
        '--models',
        'openai:fake-model',
        '--base-url',
        fake.baseUrl,
        '--experiments',
        'math_measurement_v1',
        '--limit',
        '3',
        '--retries',
        '3',
        '--ledgers-dir',
        dir,
      ],
      {},
    );
    expect(cli.code).toBe(0);
    const { records } = await readLedger(dir);
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.failure === null && r.evaluation.passed)).toBe(true);
    // Three runs, two of the first run's attempts failed: five measured requests reached the server.
    expect(measured).toBe(5);
  });
});

describe('a server error that echoes the API key', () => {
  it('is recorded with the key redacted, and the key appears in no output', async () => {
    const key = 'sk-lbtest-ECHOED-5d2e8c1b9a';
    const fake = await startFakeOpenAi({
      apiKey: key,
      answer: mathAnswerer(),
      faults: (request) => (warmupTest.openai(request.body) ? null : { kind: 'http_status', status: 500, message: `upstream refused key ${key}` }),
    });
    closers.push(() => fake.close());
    const dir = await tempDir('key');
    dirs.push(dir);
    const cli = await runCli(
      [
        'run',
        '--models',
        'openai:fake-model',
        '--base-url',
        fake.baseUrl,
        '--api-key-env',
        'LB_ECHO_KEY',
        '--experiments',
        'math_measurement_v1',
        '--limit',
        '2',
        '--retries',
        '0',
        '--ledgers-dir',
        dir,
      ],
      { LB_ECHO_KEY: key },
    );
    expect(cli.code).toBe(3);
    const { records, text } = await readLedger(dir);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.failure).toMatchObject({ stage: 'transport', class: 'http_5xx' });
      expect(record.failure!.message).toContain('upstream refused key [redacted]');
    }
    for (const output of [text, cli.stdout, cli.stderr]) expect(output).not.toContain(key);
  });
});

/** The record that stands for each run_id: its highest attempt. */
function standing(records: Awaited<ReturnType<typeof readLedger>>['records']) {
  const byRun = new Map<string, (typeof records)[number]>();
  for (const record of records) {
    const seen = byRun.get(record.run_id);
    if (!seen || (record.attempt ?? 0) > (seen.attempt ?? 0)) byRun.set(record.run_id, record);
  }
  return byRun;
}

describe.each(['openai', 'ollama'] as const)('%s: an outage is not a model result', (kind) => {
  const sweepArgs = ['--experiments', 'math_measurement_v1', '--limit', '6', '--retries', '0', '--timeout-ms', '2000'];

  it('a sweep whose every run fails at transport exits 3 and prints the retry command', async () => {
    const server = await servers[kind]((request) => (warmupTest[kind](request.body) ? null : { kind: 'http_status', status: 503 }));
    const dir = await tempDir('all-down');
    dirs.push(dir);
    const cli = await runCli(['run', ...server.args, ...sweepArgs, '--max-transport-failures', '0', '--ledgers-dir', dir], server.env);
    expect(cli.code, cli.stderr).toBe(3);
    const { records } = await readLedger(dir);
    expect(records).toHaveLength(6);
    expect(records.every((r) => r.failure?.stage === 'transport')).toBe(true);
    const sweepId = records[0]!.sweep_id;
    expect(cli.stdout).toContain('6 planned runs ended in a transport failure: not answered, so not model results (exit 3)');
    expect(cli.stdout).toContain(`retry them with: npx ledgerbench run --resume ${sweepId} --ledgers-dir ${dir}`);

    // A preview of the resume is only a preview (exit 0); keeping the failures still owes answers (exit 3).
    const preview = await runCli(['run', '--resume', sweepId, '--ledgers-dir', dir, '--dry-run'], server.env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('already in the ledger: 6, 6 of them transport failures; a resume would retry those and make the other 0');
    const kept = await runCli(['run', '--resume', sweepId, '--ledgers-dir', dir, '--no-retry-transport'], server.env);
    expect(kept.code, kept.stderr).toBe(3);
    expect(kept.stdout).toContain('nothing to do\n6 planned runs ended in a transport failure');
    expect((await readLedger(dir)).records).toHaveLength(6);
  });

  it('stops early after --max-transport-failures runs in a row, then a resume retries them: each planned run stands once, answered', async () => {
    let down = true;
    const server = await servers[kind]((request) => (down && !warmupTest[kind](request.body) ? { kind: 'reset' } : null));
    const dir = await tempDir('early-stop');
    dirs.push(dir);
    const cli = await runCli(['run', ...server.args, ...sweepArgs, '--max-transport-failures', '2', '--ledgers-dir', dir], server.env);
    expect(cli.code, cli.stderr).toBe(3);
    expect(cli.stdout).toMatch(
      /stopped early: 2 runs in a row failed at transport \(last: connection_refused: .*\); the server looks down or unusable, so 4 runs were not made \(exit 3\)/,
    );
    const first = await readLedger(dir);
    expect(first.records).toHaveLength(2);
    const sweepId = first.records[0]!.sweep_id;
    expect(cli.stdout).toContain(`resume with: npx ledgerbench run --resume ${sweepId} --ledgers-dir ${dir}`);

    down = false;
    const resumed = await runCli(['run', '--resume', sweepId, '--ledgers-dir', dir], server.env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('6 written (6 passed, 0 failed, 0 transport, 2 of them retries), 6/6 planned runs');
    const { records, text } = await readLedger(dir);
    // Append-only: the two failed tries stay as the first lines, byte for byte.
    expect(text.startsWith(first.text)).toBe(true);
    expect(records).toHaveLength(8);
    const picture = standing(records);
    expect(picture.size).toBe(6);
    expect([...picture.values()].every((r) => r.failure === null && r.evaluation.passed)).toBe(true);
    expect(
      records
        .filter((r) => r.attempt === 1)
        .map((r) => r.run_id)
        .sort(),
    ).toEqual(first.records.map((r) => r.run_id).sort());
  });

  it('a warm-up that fails at transport stops the sweep before any run, exit 3', async () => {
    const server = await servers[kind](() => ({ kind: 'http_status', status: 500, message: 'CUDA error: out of memory' }));
    const dir = await tempDir('warmup-down');
    dirs.push(dir);
    const cli = await runCli(['run', ...server.args, ...sweepArgs, '--ledgers-dir', dir], server.env);
    expect(cli.code, cli.stderr).toBe(3);
    const model = kind === 'openai' ? 'openai:fake-model' : 'qwen3:8b';
    expect(cli.stdout).toMatch(new RegExp(`stopped early: the warm-up of ${model} failed at transport \\(http_5xx: .*CUDA error: out of memory\\)`));
    expect((await readLedger(dir)).records).toHaveLength(0);
  });
});
