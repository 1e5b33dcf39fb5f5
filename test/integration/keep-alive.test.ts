import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseModelSpec } from '../../core/model-spec.ts';
import { TransportError } from '../../runner/backends/backend.ts';
import { classifyError } from '../../runner/backends/errors.ts';
import { createOpenAiBackend } from '../../runner/backends/openai.ts';
import { withRetries } from '../../runner/retry.ts';
import { backendOptions, generateRequest } from '../runner/backends/helpers.ts';

/**
 * A server that behaves like llama.cpp's: it sends `Keep-Alive` with every answer, yet closes the
 * connection just after each streamed completion. The harness must neither send the next request
 * on that dead socket nor wait a retry backoff for it.
 */
async function startClosingServer(closeAfterMs: number): Promise<{ url: string; chats: () => number; close: () => Promise<void> }> {
  let chats = 0;
  const server = http.createServer((request, response) => {
    if (request.url === '/v1/models') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'tiny', object: 'model' }] }));
      return;
    }
    request.resume();
    request.on('end', () => {
      chats++;
      response.writeHead(200, { 'content-type': 'text/event-stream', 'keep-alive': 'timeout=5, max=100' });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'tiny', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      response.write(chunk({ role: 'assistant', content: 'The sum is 7.' }, null));
      response.write(chunk({}, 'stop'));
      response.end('data: [DONE]\n\n', () => setTimeout(() => request.socket.destroy(), closeAfterMs));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    chats: () => chats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What an fsync of the ledger does to the event loop: it blocks it. */
function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('a server that closes kept-alive connections after each streamed answer', () => {
  it('answers every request of a loop without a retry backoff', async () => {
    const server = await startClosingServer(1);
    closers.push(server.close);
    const backend = await createOpenAiBackend(parseModelSpec('openai:tiny'), backendOptions({ baseUrl: server.url }));
    const retries: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 8; i++) {
      const result = await withRetries(() => backend.generate(generateRequest('What is 3 + 4?')), {
        retries: 3,
        // A backoff this long would make the loop take at least 8 s if any request waited for it.
        baseDelayMs: 8_000,
        onRetry: (_error, _attempt, delayMs) => retries.push(delayMs),
      });
      expect(result.text).toBe('The sum is 7.');
      blockFor(20);
    }
    expect(performance.now() - started).toBeLessThan(4_000);
    // Every retry that did happen (a close seen only after the request went out) was immediate.
    expect(retries.every((delayMs) => delayMs === 0)).toBe(true);
    expect(server.chats()).toBe(8);
  });

  it('retries a connection closed under the request at once, the first time only', async () => {
    const socketClosed = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const context = { url: 'http://127.0.0.1:1/v1/chat/completions', model: 'tiny', phase: 'request' as const };
    const stale = classifyError(socketClosed, context);
    expect(stale).toMatchObject({ failureClass: 'connection_refused', retryAtOnce: true });
    const refused = classifyError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), context);
    expect(refused).toMatchObject({ failureClass: 'connection_refused', retryAtOnce: false });

    const delays: number[] = [];
    const error = await withRetries(
      async () => {
        throw stale;
      },
      { retries: 2, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(delays[0]).toBe(0);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
  });
});
