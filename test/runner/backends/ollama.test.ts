import { afterEach, describe, expect, it } from 'vitest';
import { createOllamaBackend } from '../../../runner/backends/ollama.ts';
import { parseModelSpec } from '../../../core/model-spec.ts';
import { resetWarnings, setWarningSink } from '../../../lib/warn.ts';
import { CliError } from '../../../lib/cli-error.ts';
import { TransportError } from '../../../runner/backends/backend.ts';
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../../fakes/fake-ollama.ts';
import { arithmetic, backendOptions, freePort, generateRequest } from './helpers.ts';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeOllamaOptions = {}, spec = 'qwen3:8b') {
  fake = await startFakeOllama({ answer: arithmetic, ...options });
  const backend = await createOllamaBackend(parseModelSpec(spec), backendOptions({ ollamaHost: fake.url }));
  return { fake, backend };
}

describe('ollama backend: generate', () => {
  it("returns the streamed answer with the server's own counts and durations in ms", async () => {
    const { fake, backend } = await setup({ loadNs: 50_000_000, promptNsPerToken: 1_000_000, evalNsPerToken: 25_000_000 });
    const result = await backend.generate(generateRequest('What is 19 + 23?'));
    expect(result.text).toBe('The sum is 42.');
    const final = fake.finals[0]!;
    expect(result.tokens).toEqual({ prompt: final.prompt_eval_count, output: final.eval_count, source: 'server' });
    expect(result.timing.load_ms).toBe(50);
    expect(result.timing.prompt_ms).toBe(final.prompt_eval_count as number);
    expect(result.timing.generation_ms).toBe((final.eval_count as number) * 25);
    expect(result.done_reason).toBe('stop');
    expect(result.timing.wall_ms).toBeGreaterThan(0);
  });

  it('sends the sampling options, num_predict, num_ctx, keep_alive and think, and records them', async () => {
    const { fake, backend } = await setup();
    const result = await backend.generate(
      generateRequest('What is 1 + 2?', { temperature: 0.2, seed: 11, max_tokens: 99, num_ctx: 8192, keep_alive: '10m', think: false }, 'Be brief.'),
    );
    const body = fake.chats[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'qwen3:8b',
      stream: true,
      keep_alive: '10m',
      think: false,
      options: { temperature: 0.2, seed: 11, num_predict: 99, num_ctx: 8192 },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 1 + 2?' },
      ],
    });
    expect(result.extra).toMatchObject({ ollama: { options: { num_predict: 99, num_ctx: 8192 }, keep_alive: '10m', think: false } });
  });

  it('keeps thinking apart from the answer', async () => {
    const { backend } = await setup({ answer: () => ({ thinking: 'Nineteen plus twenty-three.', content: 'It is 42.' }) });
    const result = await backend.generate(generateRequest('What is 19 + 23?', { think: true }));
    expect(result.text).toBe('It is 42.');
    expect(result.thinking).toBe('Nineteen plus twenty-three.');
  });

  it('measures time to first token at the first chunk with text', async () => {
    const { backend } = await setup({ firstChunkDelayMs: 150, chunkDelayMs: 5 });
    const result = await backend.generate(generateRequest('What is 2 + 2?'));
    expect(result.timing.ttft_ms).toBeGreaterThanOrEqual(140);
    expect(result.timing.ttft_ms).toBeLessThan(result.timing.wall_ms);
  });

  it('reports done_reason length when num_predict cuts the answer', async () => {
    const { backend } = await setup({ answer: () => 'one two three four five six' });
    const result = await backend.generate(generateRequest('count', { max_tokens: 3 }));
    expect(result.text).toBe('one two three');
    expect(result.done_reason).toBe('length');
    expect(result.tokens.output).toBe(3);
  });
});

describe('ollama backend: describe and residency', () => {
  it('reads digest from tags, details from show, residency from ps', async () => {
    const { backend } = await setup({ models: [{ name: 'qwen3:8b', size: 1000, size_vram: 400, loaded: true }] });
    const info = await backend.describe();
    expect(info).toMatchObject({
      name: 'qwen3:8b',
      backend: 'ollama',
      digest: '500a1f067a9f782620b40bee6f7b0c89e17ae61f686b92c24933e4ca4b2b8b41',
      parameter_size: '8.2B',
      quantization: 'Q4_K_M',
      family: 'qwen3',
      residency: { placement: 'hybrid', size_bytes: 1000, size_vram_bytes: 400 },
    });
  });

  it('residency is unknown before the model loads and gpu/cpu after, per /api/ps', async () => {
    const { backend } = await setup({
      models: [
        { name: 'qwen3:8b', size: 1000, size_vram: 1000 },
        { name: 'tiny:1b', size: 500, size_vram: 0 },
      ],
    });
    expect((await backend.residency!())?.placement).toBe('unknown');
    await backend.warmup({ temperature: 0, seed: 1, max_tokens: 64 });
    expect((await backend.residency!())?.placement).toBe('gpu');
    const cpu = await createOllamaBackend(parseModelSpec('tiny:1b'), backendOptions({ ollamaHost: fake!.url }));
    await cpu.warmup({ temperature: 0, seed: 1, max_tokens: 64 });
    expect((await cpu.residency!())?.placement).toBe('cpu');
  });

  it('warm-up sends one short request (num_predict 1)', async () => {
    const { fake, backend } = await setup();
    await backend.warmup({ temperature: 0, seed: 1, max_tokens: 512 });
    expect(fake.chats).toHaveLength(1);
    expect((fake.chats[0]!.body as { options: { num_predict: number } }).options.num_predict).toBe(1);
  });

  it('a failed warm-up throws its transport error, quietly: the sweep retries it and decides', async () => {
    const lines: string[] = [];
    const previous = setWarningSink((line) => lines.push(line));
    try {
      resetWarnings();
      const { fake, backend } = await setup();
      fake.fail({ kind: 'http_status', status: 500, message: 'CUDA error: out of memory' });
      const error = await backend.warmup({ temperature: 0, seed: 1, max_tokens: 8 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ failureClass: 'http_5xx', message: expect.stringContaining('CUDA error: out of memory') });
      expect(lines).toHaveLength(0);
    } finally {
      setWarningSink(previous);
      resetWarnings();
    }
  });
});

describe('ollama backend: preflight', () => {
  it('names the address and what to do when nothing listens', async () => {
    const port = await freePort();
    const backend = await createOllamaBackend(parseModelSpec('qwen3:8b'), backendOptions({ ollamaHost: `http://127.0.0.1:${port}` }));
    const failure = backend.preflight();
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow(
      `cannot reach Ollama at http://127.0.0.1:${port}: connection refused — start it with 'ollama serve' or set OLLAMA_HOST`,
    );
  });

  it('says how to pull a model the server does not have', async () => {
    const { fake } = await setup();
    const backend = await createOllamaBackend(parseModelSpec('mistral:7b'), backendOptions({ ollamaHost: fake.url }));
    await expect(backend.preflight()).rejects.toThrow(`model 'mistral:7b' is not pulled on ${fake.url}: run 'ollama pull mistral:7b'`);
  });

  it("passes for a pulled model, and an untagged name matches ':latest'", async () => {
    const { fake, backend } = await setup({ models: [{ name: 'qwen3:8b' }, { name: 'llama3.2:latest' }] });
    await expect(backend.preflight()).resolves.toBeUndefined();
    const untagged = await createOllamaBackend(parseModelSpec('llama3.2'), backendOptions({ ollamaHost: fake.url }));
    await expect(untagged.preflight()).resolves.toBeUndefined();
  });

  it('accepts OLLAMA_HOST without a scheme, as the ollama CLI does', async () => {
    const { fake } = await setup();
    const backend = await createOllamaBackend(parseModelSpec('qwen3:8b'), backendOptions({ ollamaHost: `127.0.0.1:${fake.port}` }));
    await expect(backend.preflight()).resolves.toBeUndefined();
    expect((await backend.describe()).base_url).toBe(fake.url);
  });
});
