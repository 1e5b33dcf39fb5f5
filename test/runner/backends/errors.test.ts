import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../runner/backends/backend.ts';
import {
  RateLimitedError,
  classifyError,
  displayUrl,
  errorCode,
  errorForStatus,
  redact,
  retryAfterMs,
  type ErrorContext,
} from '../../../runner/backends/errors.ts';

const request: ErrorContext = { url: 'http://127.0.0.1:11434/api/chat', model: 'qwen3:8b', phase: 'request' };
const stream: ErrorContext = { ...request, phase: 'stream' };

/** What undici's fetch throws when nothing listens on the port: TypeError('fetch failed') caused by ECONNREFUSED. */
function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new TypeError('fetch failed', { cause });
}

describe('errorForStatus', () => {
  it.each([
    [404, 'model_not_found', false],
    [408, 'timeout', true],
    [429, 'rate_limited', true],
    [500, 'http_5xx', true],
    [502, 'http_5xx', true],
    [503, 'http_5xx', true],
    [400, 'http_4xx', false],
    [401, 'http_4xx', false],
    [403, 'http_4xx', false],
    [422, 'http_4xx', false],
  ])('HTTP %i → %s (retryable %s)', (status, failureClass, retryable) => {
    const error = errorForStatus(status, 'server says no', request);
    expect(error).toBeInstanceOf(TransportError);
    expect(error.failureClass).toBe(failureClass);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain('server says no');
  });
});

describe('classifyError', () => {
  it('a refused connection is connection_refused, retryable', () => {
    const error = classifyError(fetchFailed('ECONNREFUSED'), request);
    expect(error.failureClass).toBe('connection_refused');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('http://127.0.0.1:11434/api/chat: connection refused');
  });

  it('a port that fetch itself refuses (9, 1, ...) says so instead of a bare "fetch failed"', async () => {
    // The real error Node's fetch throws: no server is contacted, so this needs no double.
    const thrown = await fetch('http://127.0.0.1:9/api/version').then(
      () => null,
      (error: unknown) => error,
    );
    const error = classifyError(thrown, { ...request, url: 'http://127.0.0.1:9/api/version' });
    expect(error.failureClass).toBe('connection_refused');
    expect(error.message).toBe(
      'http://127.0.0.1:9/api/version: connection failed (bad port: fetch refuses this port (blocked by the Fetch standard); serve on another port)',
    );
  });

  it('keeps the deepest cause of a code-less connection error', () => {
    const error = classifyError(new TypeError('fetch failed', { cause: new Error('getaddrinfo went wrong') }), request);
    expect(error.message).toBe('http://127.0.0.1:11434/api/chat: connection failed (fetch failed: getaddrinfo went wrong)');
  });

  it('finds the code inside an AggregateError (several addresses tried)', () => {
    const aggregate = Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'all failed'), {});
    expect(errorCode(new TypeError('fetch failed', { cause: aggregate }))).toBe('ECONNREFUSED');
  });

  it('a socket error while reading the body is stream_cut', () => {
    const cut = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(classifyError(cut, stream).failureClass).toBe('stream_cut');
    // The same socket error before any response is a failed connection.
    expect(classifyError(cut, request).failureClass).toBe('connection_refused');
  });

  it("the ollama client's missing-done error is stream_cut", () => {
    expect(classifyError(new Error('Did not receive done or success response in stream.'), stream).failureClass).toBe('stream_cut');
  });

  it('our deadline is timeout, whatever the abort looked like', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const error = classifyError(abort, { ...stream, timedOut: true, timeoutMs: 1500 });
    expect(error.failureClass).toBe('timeout');
    expect(error.message).toContain('1500 ms');
  });

  it("openai's own timeout error is timeout", () => {
    expect(classifyError(new APIConnectionTimeoutError(), request).failureClass).toBe('timeout');
  });

  it("openai's connection error keeps its cause's code", () => {
    const error = new APIConnectionError({ cause: fetchFailed('ECONNREFUSED') });
    expect(classifyError(error, request).failureClass).toBe('connection_refused');
  });

  it("openai's APIError uses its status and the server's message", () => {
    const apiError = APIError.generate(503, { error: { message: 'overloaded', type: 'server_error' } }, undefined, new Headers());
    const error = classifyError(apiError, request);
    expect(error.failureClass).toBe('http_5xx');
    expect(error.message).toContain('overloaded');
  });

  it("ollama's ResponseError (status_code) is classified by status", () => {
    const responseError = Object.assign(new Error("model 'x' not found"), { name: 'ResponseError', status_code: 404 });
    expect(classifyError(responseError, request)).toMatchObject({ failureClass: 'model_not_found', retryable: false });
  });

  it('bad JSON is malformed_response', () => {
    let syntax: unknown;
    try {
      JSON.parse('{"a":');
    } catch (error) {
      syntax = error;
    }
    expect(classifyError(syntax, stream).failureClass).toBe('malformed_response');
  });

  it('an unexpected shape is malformed_response', () => {
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'content')"), stream).failureClass).toBe('malformed_response');
  });

  it('keeps a TransportError class but redacts its message', () => {
    const error = classifyError(new TransportError('stream_cut', 'key sk-abcdef123456 leaked', true), { ...stream, secrets: ['sk-abcdef123456'] });
    expect(error.failureClass).toBe('stream_cut');
    expect(error.message).not.toContain('sk-abcdef123456');
  });

  it('never lets a secret through, and keeps messages on one bounded line', () => {
    const key = 'sk-proj-TOPSECRET-0123456789';
    const apiError = APIError.generate(401, { error: { message: `Incorrect API key provided: ${key}.\nSecond line` } }, undefined, new Headers());
    const error = classifyError(apiError, { ...request, secrets: [key] });
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain('\n');
    const long = classifyError(new Error('x'.repeat(5000)), request);
    expect(long.message.length).toBeLessThanOrEqual(300);
  });
});

describe('redact', () => {
  it('removes secrets, bearer tokens and URL credentials', () => {
    const text = 'key=abcdef123456 Authorization: Bearer tok_987654 at http://user:pw@host:1/v1';
    const out = redact(text, ['abcdef123456']);
    expect(out).not.toContain('abcdef123456');
    expect(out).not.toContain('tok_987654');
    expect(out).not.toContain('user:pw');
  });

  it('leaves very short values alone rather than blanking ordinary words', () => {
    expect(redact('a 42 b', ['42'])).toBe('a 42 b');
  });
});

describe('displayUrl', () => {
  it('drops credentials, query and trailing slash', () => {
    expect(displayUrl('https://me:secret@api.example.com/v1/?api_key=zzz')).toBe('https://api.example.com/v1');
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it("a 429 carries the server's wait, from openai's error headers too", () => {
    const direct = errorForStatus(429, 'slow down', request, '3');
    expect(direct).toBeInstanceOf(RateLimitedError);
    expect((direct as RateLimitedError).retryAfterMs).toBe(3000);
    const apiError = APIError.generate(429, { error: { message: 'Rate limit reached' } }, undefined, new Headers({ 'retry-after': '7' }));
    const classified = classifyError(apiError, request);
    expect(classified).toMatchObject({ failureClass: 'rate_limited', retryable: true, retryAfterMs: 7000 });
  });
});
