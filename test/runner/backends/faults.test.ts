import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../runner/backends/backend.ts';
import { TransportError } from '../../../runner/backends/backend.ts';
import { createOllamaBackend } from '../../../runner/backends/ollama.ts';
import { createOpenAiBackend } from '../../../runner/backends/openai.ts';
import { parseModelSpec } from '../../../core/model-spec.ts';
import { withRetries } from '../../../runner/retry.ts';
import type { Fault } from '../../fakes/fake-http-server.ts';
import { startFakeOllama } from '../../fakes/fake-ollama.ts';
import { startFakeOpenAi } from '../../fakes/fake-openai.ts';
import { arithmetic, backendOptions, freePort, generateRequest } from './helpers.ts';

/** Each injected fault and the class, retryability it must be recorded with. */
const CASES: Array<{ label: string; fault: Fault; failureClass: string; retryable: boolean }> = [
  { label: 'HTTP 500', fault: { kind: 'http_status', status: 500 }, failureClass: 'http_5xx', retryable: true },
  { label: 'HTTP 503', fault: { kind: 'http_status', status: 503 }, failureClass: 'http_5xx', retryable: true },
  { label: 'HTTP 429', fault: { kind: 'http_status', status: 429, retryAfterS: 1 }, failureClass: 'rate_limited', retryable: true },
  { label: 'HTTP 400', fault: { kind: 'http_status', status: 400 }, failureClass: 'http_4xx', retryable: false },
  { label: 'model not pulled (404)', fault: { kind: 'model_not_found' }, failureClass: 'model_not_found', retryable: false },
  { label: 'headers later than the timeout', fault: { kind: 'delay', ms: 1_000 }, failureClass: 'timeout', retryable: true },
  { label: 'a stall mid-stream past the timeout', fault: { kind: 'stall', afterChunks: 2, ms: 1_000 }, failureClass: 'timeout', retryable: true },
  { label: 'a line of broken JSON', fault: { kind: 'malformed', afterChunks: 2 }, failureClass: 'malformed_response', retryable: true },
  { label: 'the socket destroyed mid-stream', fault: { kind: 'cut', afterChunks: 2 }, failureClass: 'stream_cut', retryable: true },
  { label: 'a clean end without the final chunk', fault: { kind: 'end_early', afterChunks: 2 }, failureClass: 'stream_cut', retryable: true },
  { label: 'a reset before any response', fault: { kind: 'reset' }, failureClass: 'connection_refused', retryable: true },
];

const RETRIES = 2;
const noWait = async () => {};

interface Harness {
  backend: Backend;
  fail(fault: Fault, times?: number): void;
  chatCount(): number;
  clearFaults(): void;
  close(): Promise<void>;
}

const harnesses: Record<string, () => Promise<Harness>> = {
  ollama: async () => {
    const fake = await startFakeOllama({ answer: arithmetic });
    const backend = await createOllamaBackend(parseModelSpec('qwen3:8b'), backendOptions({ ollamaHost: fake.url, requestTimeoutMs: 400 }));
    return { backend, fail: (f, t) => fake.fail(f, t), chatCount: () => fake.chats.length, clearFaults: () => fake.clearFaults(), close: () => fake.close() };
  },
  openai: async () => {
    const fake = await startFakeOpenAi({ answer: arithmetic });
    const backend = await createOpenAiBackend(parseModelSpec('openai:fake-model'), backendOptions({ baseUrl: fake.baseUrl, requestTimeoutMs: 400 }));
    return { backend, fail: (f, t) => fake.fail(f, t), chatCount: () => fake.chats.length, clearFaults: () => fake.clearFaults(), close: () => fake.close() };
  },
};

for (const [name, start] of Object.entries(harnesses)) {
  describe(`${name} backend under faults`, () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await start();
    });
    afterAll(async () => harness.close());

    it.each(CASES)('$label → $failureClass', async ({ fault, failureClass, retryable }) => {
      const before = harness.chatCount();
      harness.fail(fault, RETRIES + 1);
      const error = await withRetries(() => harness.backend.generate(generateRequest('What is 3 + 4?')), {
        retries: RETRIES,
        baseDelayMs: 1,
        sleep: noWait,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).failureClass).toBe(failureClass);
      expect((error as TransportError).retryable).toBe(retryable);
      // Retryable: the first try plus every retry reached the server; otherwise exactly one try.
      const attempts = harness.chatCount() - before;
      expect(attempts).toBe(retryable ? RETRIES + 1 : 1);
      // A non-retryable case leaves faults queued: drop them so the next case starts clean.
      harness.clearFaults();
    });

    it("passes a 429's Retry-After on to the retry loop", async () => {
      harness.fail({ kind: 'http_status', status: 429, retryAfterS: 2 }, 1);
      const error = await harness.backend.generate(generateRequest('What is 3 + 4?')).catch((e: unknown) => e);
      expect(error).toMatchObject({ failureClass: 'rate_limited', retryAfterMs: 2000 });
    });

    it('recovers when a fault clears before the retries run out', async () => {
      harness.fail({ kind: 'http_status', status: 503 }, 1);
      harness.fail({ kind: 'cut', afterChunks: 1 }, 1);
      const classes: string[] = [];
      const result = await withRetries(() => harness.backend.generate(generateRequest('What is 3 + 4?')), {
        retries: 3,
        baseDelayMs: 1,
        sleep: noWait,
        onRetry: (error) => classes.push(error.failureClass),
      });
      expect(result.text).toBe('The sum is 7.');
      expect(classes).toEqual(['http_5xx', 'stream_cut']);
    });
  });
}

describe('a server that goes away and comes back', () => {
  it('is connection_refused while down and answers again after', async () => {
    const fake = await startFakeOpenAi({ answer: arithmetic });
    try {
      const backend = await createOpenAiBackend(parseModelSpec('openai:fake-model'), backendOptions({ baseUrl: fake.baseUrl, requestTimeoutMs: 2_000 }));
      fake.fail({ kind: 'down', ms: 300 });
      const classes: string[] = [];
      const result = await withRetries(() => backend.generate(generateRequest('What is 10 + 5?')), {
        retries: 8,
        baseDelayMs: 60,
        onRetry: (error) => classes.push(error.failureClass),
      });
      expect(result.text).toBe('The sum is 15.');
      expect(classes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(classes)).toEqual(new Set(['connection_refused']));
    } finally {
      await fake.close();
    }
  });
});

describe('nothing listening', () => {
  it.each(['ollama', 'openai'])('%s: connection_refused on every attempt', async (kind) => {
    const port = await freePort();
    const backend =
      kind === 'ollama'
        ? await createOllamaBackend(parseModelSpec('qwen3:8b'), backendOptions({ ollamaHost: `http://127.0.0.1:${port}` }))
        : await createOpenAiBackend(parseModelSpec('openai:m'), backendOptions({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    let attempts = 0;
    const error = await withRetries(
      () => {
        attempts++;
        return backend.generate(generateRequest('x'));
      },
      { retries: 2, baseDelayMs: 1, sleep: noWait },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'connection_refused', retryable: true });
    expect((error as Error).message).toContain('connection refused');
    expect(attempts).toBe(3);
  });
});

describe("the caller's abort", () => {
  it.each(['ollama', 'openai'])('%s: stops a request with the abort reason, not a transport failure', async (kind) => {
    const ollama = kind === 'ollama' ? await startFakeOllama({ firstChunkDelayMs: 2_000 }) : undefined;
    const openai = kind === 'openai' ? await startFakeOpenAi({ firstChunkDelayMs: 2_000 }) : undefined;
    try {
      const backend = ollama
        ? await createOllamaBackend(parseModelSpec('qwen3:8b'), backendOptions({ ollamaHost: ollama.url }))
        : await createOpenAiBackend(parseModelSpec('openai:fake-model'), backendOptions({ baseUrl: openai!.baseUrl }));
      const controller = new AbortController();
      const reason = new Error('sweep interrupted');
      setTimeout(() => controller.abort(reason), 100);
      const error = await backend.generate({ ...generateRequest('x'), signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBe(reason);
      expect(error).not.toBeInstanceOf(TransportError);
    } finally {
      await ollama?.close();
      await openai?.close();
    }
  });
});
