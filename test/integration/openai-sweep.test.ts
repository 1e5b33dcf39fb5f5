import fs from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../fakes/fake-ollama.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.ts';
import { freePort } from '../runner/backends/helpers.ts';
import { ledgerFiles, mathAnswerer, readLedger, runCli, tempDir } from './openai-sweep-helpers.ts';

/** A key no real service issued, easy to grep for. */
const KEY = 'sk-lbtest-DO-NOT-LEAK-4f1c9a7e2b';
const SWEEP = ['--experiments', 'math_measurement_v1', '--repeats', '1', '--limit', '5'];

let openai: FakeOpenAi | undefined;
let ollama: FakeOllama | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await openai?.close();
  await ollama?.close();
  openai = ollama = undefined;
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

async function ledgersDir(): Promise<string> {
  const dir = await tempDir('sweep');
  dirs.push(dir);
  return dir;
}

/** The user message of each measured chat request (the warm-up asks for one token). */
function userPrompt(body: unknown): string {
  const messages = (body as { messages: Array<{ role: string; content: string }> }).messages;
  return messages.filter((m) => m.role === 'user').at(-1)!.content;
}

describe('ledgerbench run against an OpenAI-compatible server', () => {
  it("writes valid records with the server's own tokens and timings, and never the API key", async () => {
    openai = await startFakeOpenAi({ apiKey: KEY, answer: mathAnswerer(), llamaCppTimings: true });
    const dir = await ledgersDir();
    const cli = await runCli(
      ['run', '--models', 'openai:fake-model', '--base-url', openai.baseUrl, '--api-key-env', 'LB_SWEEP_KEY', ...SWEEP, '--ledgers-dir', dir],
      {
        LB_SWEEP_KEY: KEY,
      },
    );
    expect(cli.stderr).not.toMatch(/unexpected error/);
    expect(cli.code).toBe(0);
    const { records, text } = await readLedger(dir);
    expect(records).toHaveLength(5);
    expect(new Set(records.map((r) => r.task.id)).size).toBe(5);

    const measured = openai.chats
      .map((chat, i) => ({ body: chat.body, final: openai!.finals[i]! }))
      .filter((c) => (c.body as { max_tokens: number }).max_tokens !== 1);
    for (const record of records) {
      expect(record.model).toMatchObject({ name: 'fake-model', backend: 'openai', base_url: openai.baseUrl });
      expect(record.simulated).toBe(false);
      expect(record.failure).toBeNull();
      expect(record.evaluation.passed).toBe(true);
      const served = measured.find((c) => userPrompt(c.body) === record.request!.prompt)!;
      expect(served).toBeDefined();
      expect(record.tokens).toEqual({ prompt: served.final.usage.prompt_tokens, output: served.final.usage.completion_tokens, source: 'server' });
      expect(record.timing.prompt_ms).toBe(served.final.timings!.prompt_ms);
      expect(record.timing.generation_ms).toBe(served.final.timings!.predicted_ms);
      expect(record.params.timings).toEqual(served.final.timings);
    }
    for (const output of [text, cli.stdout, cli.stderr]) expect(output).not.toContain(KEY);
  });

  it('the same with Ollama at OLLAMA_HOST', async () => {
    ollama = await startFakeOllama({ answer: mathAnswerer(), models: [{ name: 'qwen3:8b', size: 5_000, size_vram: 5_000 }] });
    const dir = await ledgersDir();
    const cli = await runCli(['run', '--models', 'qwen3:8b', ...SWEEP, '--ledgers-dir', dir], { OLLAMA_HOST: ollama.url });
    expect(cli.stderr).not.toMatch(/unexpected error/);
    expect(cli.code).toBe(0);
    const { records } = await readLedger(dir);
    expect(records).toHaveLength(5);
    const measured = ollama.chats
      .map((chat, i) => ({ body: chat.body, final: ollama!.finals[i]! }))
      .filter((c) => (c.body as { options: { num_predict: number } }).options.num_predict !== 1);
    for (const record of records) {
      expect(record.model).toMatchObject({ name: 'qwen3:8b', backend: 'ollama', base_url: ollama.url, quantization: 'Q4_K_M', parameter_size: '8.2B' });
      expect(record.model.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(record.evaluation.passed).toBe(true);
      const served = measured.find((c) => userPrompt(c.body) === record.request!.prompt)!;
      expect(record.tokens).toEqual({ prompt: served.final.prompt_eval_count, output: served.final.eval_count, source: 'server' });
      expect(record.timing.generation_ms).toBe((served.final.eval_duration as number) / 1e6);
      expect(record.timing.load_ms).toBe((served.final.load_duration as number) / 1e6);
    }
  });

  it.each([
    ['openai', (port: number) => ['--models', 'openai:fake-model', '--base-url', `http://127.0.0.1:${port}/v1`], {}],
    ['ollama', () => ['--models', 'qwen3:8b'], { OLLAMA_HOST: 'PORT' }],
  ] as const)('%s unreachable at the start: one line, non-zero exit, no ledger', async (_name, models, env) => {
    const port = await freePort();
    const dir = await ledgersDir();
    const resolvedEnv = Object.fromEntries(Object.entries(env).map(([k]) => [k, `http://127.0.0.1:${port}`]));
    const cli = await runCli(['run', ...models(port), ...SWEEP, '--ledgers-dir', dir], resolvedEnv);
    expect(cli.code).not.toBe(0);
    const lines = cli.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(lines[0]).toMatch(/cannot reach/);
    expect(await ledgerFiles(dir)).toEqual([]);
  });
});
