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
    const cli = await runCli([...args, '--ledgers-dir', dir], server.env);
    expect(cli.stderr).not.toMatch(/unexpected error/);
    expect(cli.code).toBe(0);

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
      ['run', '--models', 'openai:fake-model', '--base-url', fake.baseUrl, '--experiments', 'math_measurement_v1', '--limit', '3', '--retries', '3', '--ledgers-dir', dir],
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
      faults: (request) =>
        warmupTest.openai(request.body) ? null : { kind: 'http_status', status: 500, message: `upstream refused key ${key}` },
    });
    closers.push(() => fake.close());
    const dir = await tempDir('key');
    dirs.push(dir);
    const cli = await runCli(
      ['run', '--models', 'openai:fake-model', '--base-url', fake.baseUrl, '--api-key-env', 'LB_ECHO_KEY', '--experiments', 'math_measurement_v1', '--limit', '2', '--retries', '0', '--ledgers-dir', dir],
      { LB_ECHO_KEY: key },
    );
    expect(cli.code).toBe(0);
    const { records, text } = await readLedger(dir);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.failure).toMatchObject({ stage: 'transport', class: 'http_5xx' });
      expect(record.failure!.message).toContain('upstream refused key [redacted]');
    }
    for (const output of [text, cli.stdout, cli.stderr]) expect(output).not.toContain(key);
  });
});
