import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiBackend, isLoopback } from '../../../runner/backends/openai.ts';
import { parseModelSpec } from '../../../core/model-spec.ts';
import { TransportError } from '../../../runner/backends/backend.ts';
import { CliError } from '../../../lib/cli-error.ts';
import { resetWarnings, setWarningSink } from '../../../lib/warn.ts';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from '../../fakes/fake-openai.ts';
import { arithmetic, backendOptions, freePort, generateRequest } from './helpers.ts';

const KEY_ENV = 'LB_TEST_API_KEY';
const KEY = 'sk-ledgerbench-test-9f8e7d6c5b4a39281706';

let fake: FakeOpenAi | undefined;
beforeEach(() => {
  delete process.env[KEY_ENV];
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  delete process.env[KEY_ENV];
});

async function setup(options: FakeOpenAiOptions = {}, model = 'fake-model') {
  fake = await startFakeOpenAi({ answer: arithmetic, ...options });
  const backend = await createOpenAiBackend(parseModelSpec(`openai:${model}`), backendOptions({ baseUrl: fake.baseUrl }));
  return { fake, backend };
}

describe('openai backend: generate', () => {
  it('streams with usage requested and max_tokens, temperature and seed sent', async () => {
    const { fake, backend } = await setup();
    const result = await backend.generate(generateRequest('What is 40 + 2?', { temperature: 0.3, seed: 5, max_tokens: 77 }, 'Be brief.'));
    expect(result.text).toBe('The sum is 42.');
    expect(fake.chats[0]!.body).toMatchObject({
      model: 'fake-model',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 77,
      temperature: 0.3,
      seed: 5,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is 40 + 2?' },
      ],
    });
    const { usage } = fake.finals[0]!;
    expect(result.tokens).toEqual({ prompt: usage.prompt_tokens, output: usage.completion_tokens, source: 'server' });
    expect(result.done_reason).toBe('stop');
  });

  it('records llama.cpp timings as sent and takes prompt/generation time from them, not its rate', async () => {
    const { fake, backend } = await setup({ llamaCppTimings: true, promptMsPerToken: 2, predictedMsPerToken: 30 });
    const result = await backend.generate(generateRequest('What is 5 + 6?'));
    const { timings, usage } = fake.finals[0]!;
    expect(result.extra?.timings).toEqual(timings);
    expect(result.timing.prompt_ms).toBe(timings!.prompt_ms);
    expect(result.timing.generation_ms).toBe(timings!.predicted_ms);
    // Our tokens/s (output ÷ generation time) differs from llama.cpp's predicted_per_second.
    const ours = (usage.completion_tokens! / result.timing.generation_ms!) * 1000;
    expect(ours).not.toBeCloseTo(timings!.predicted_per_second!, 3);
  });

  it('keeps reasoning_content apart from the answer', async () => {
    const { backend } = await setup({ answer: () => ({ thinking: 'Add the units.', content: '11' }) });
    const result = await backend.generate(generateRequest('What is 5 + 6?'));
    expect(result).toMatchObject({ text: '11', thinking: 'Add the units.' });
  });

  it('measures time to first token at the first content delta', async () => {
    const { backend } = await setup({ firstChunkDelayMs: 150, chunkDelayMs: 5 });
    const result = await backend.generate(generateRequest('What is 2 + 2?'));
    expect(result.timing.ttft_ms).toBeGreaterThanOrEqual(140);
    expect(result.timing.ttft_ms).toBeLessThan(result.timing.wall_ms);
  });

  it('estimates tokens, flagged, when the server ignores include_usage', async () => {
    const { backend } = await setup({ supportsUsage: false });
    const result = await backend.generate(generateRequest('What is 2 + 2?'));
    expect(result.tokens.source).toBe('estimate');
    expect(result.tokens.output).toBe(Math.ceil('The sum is 4.'.length / 4));
  });
});

describe('openai backend: API key', () => {
  it('sends the key from the named variable and never lets it into results, errors or warnings', async () => {
    process.env[KEY_ENV] = KEY;
    const { fake, backend } = await setup({ apiKey: KEY, llamaCppTimings: true });
    const warnings: string[] = [];
    const previous = setWarningSink((line) => warnings.push(line));
    try {
      resetWarnings();
      const result = await backend.generate(generateRequest('What is 1 + 1?'));
      expect(fake.log.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
      fake.fail({ kind: 'http_status', status: 500, message: `upstream rejected ${KEY}` });
      const error = await backend.generate(generateRequest('What is 1 + 1?')).catch((e: unknown) => e);
      fake.fail({ kind: 'http_status', status: 503, message: `key ${KEY} over quota` });
      const warmupError = await backend.warmup({ temperature: 0, seed: 1, max_tokens: 4 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(warmupError).toBeInstanceOf(TransportError);
      const everything = JSON.stringify([result, await backend.describe(), (error as Error).message, (warmupError as Error).message, warnings]);
      expect(everything).not.toContain(KEY);
      expect((warmupError as Error).message).toContain('[redacted]');
    } finally {
      setWarningSink(previous);
      resetWarnings();
    }
  });

  it('a rejected key fails preflight naming the variable, not the key (even when the server echoes it)', async () => {
    process.env[KEY_ENV] = 'sk-wrong-0000000000000000';
    fake = await startFakeOpenAi({ apiKey: KEY });
    const backend = await createOpenAiBackend(parseModelSpec('openai:fake-model'), backendOptions({ baseUrl: fake.baseUrl }));
    const error = (await backend.preflight().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(KEY_ENV);
    expect(error.message).toContain('HTTP 401');
    expect(error.message).not.toContain('sk-wrong-0000000000000000');
    const during = (await backend.generate(generateRequest('x')).catch((e: unknown) => e)) as TransportError;
    expect(during.failureClass).toBe('http_4xx');
    expect(during.message).not.toContain('sk-wrong-0000000000000000');
  });

  it('loopback servers need no key: a placeholder is sent', async () => {
    const { fake, backend } = await setup();
    await backend.preflight();
    expect(fake.log[0]!.authorization).toBe('Bearer not-needed');
  });

  it('a remote server without a key is refused up front, naming the variable', async () => {
    const failure = createOpenAiBackend(parseModelSpec('openai:gpt-4o-mini'), backendOptions({ baseUrl: 'https://api.example.com/v1' }));
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow(`${KEY_ENV} is not set`);
  });

  it('recognises loopback hosts', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopback)).toBe(true);
    expect(['api.openai.com', '10.0.0.5', '128.0.0.1'].some(isLoopback)).toBe(false);
  });
});

describe('openai backend: preflight and configuration', () => {
  it('--base-url is required for openai: models', async () => {
    await expect(createOpenAiBackend(parseModelSpec('openai:x'), backendOptions())).rejects.toThrow(/needs --base-url/);
  });

  it('names the URL and what to do when nothing listens', async () => {
    const port = await freePort();
    const backend = await createOpenAiBackend(parseModelSpec('openai:fake-model'), backendOptions({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    await expect(backend.preflight()).rejects.toThrow(
      `cannot reach the OpenAI-compatible server at http://127.0.0.1:${port}/v1: connection refused — start the server or check --base-url`,
    );
  });

  it('lists a few served ids when the model is not among them', async () => {
    const models = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
    const { backend } = await setup({ models }, 'missing-model');
    await expect(backend.preflight()).rejects.toThrow(
      `model 'missing-model' is not served at ${fake!.baseUrl}; available: alpha, beta, gamma, delta, epsilon (+2 more)`,
    );
  });

  it('a base URL without /v1 gets a hint', async () => {
    fake = await startFakeOpenAi();
    const backend = await createOpenAiBackend(parseModelSpec('openai:fake-model'), backendOptions({ baseUrl: fake.baseUrl.replace(/\/v1$/, '') }));
    await expect(backend.preflight()).rejects.toThrow(/usually ending in \/v1/);
  });

  it('describe keeps the base URL without credentials', async () => {
    process.env[KEY_ENV] = KEY;
    const backend = await createOpenAiBackend(parseModelSpec('openai:m'), backendOptions({ baseUrl: 'https://user:pw@api.example.com/v1?x=1' }));
    expect(await backend.describe()).toEqual({ name: 'm', backend: 'openai', base_url: 'https://api.example.com/v1' });
  });
});
