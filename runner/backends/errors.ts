import { APIConnectionTimeoutError } from 'openai';
import { TransportError } from './backend.ts';

/**
 * Turns whatever a model-server request threw (a fetch failure, an SDK error, an HTTP status, a
 * parse error, an abort) into a `TransportError` with one of the transport failure classes
 * (docs/backends.md). Pure: no I/O, so every mapping is unit-tested directly.
 */

/** Where a request failed, for the message and for telling "never connected" from "cut mid-way". */
export interface ErrorContext {
  /** The endpoint as shown to the user (already free of credentials). */
  url: string;
  model: string;
  /** `request`: before the response headers; `stream`: while reading the body. */
  phase: 'request' | 'stream';
  /** True when our own deadline aborted the request. */
  timedOut?: boolean;
  timeoutMs?: number;
  /** Values that must never appear in a message (API keys). */
  secrets?: readonly string[];
}

/** Transport classes beyond the six of shapes.md: 429 and the other client errors. */
export const RATE_LIMITED = 'rate_limited';
export const HTTP_4XX = 'http_4xx';

/** Socket-level codes that mean "no response could be started" (refused, unroutable, reset before headers). */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
/** Codes of a request that went out on a pooled connection the server had closed (or closed under it). */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const MAX_MESSAGE = 300;

/** A 429 that said how long to wait (`Retry-After`); `withRetries` waits at least that long. */
export class RateLimitedError extends TransportError {
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null) {
    super(RATE_LIMITED, message, true);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The TransportError for an HTTP error status, with the server's own message (redacted). */
export function errorForStatus(status: number, serverMessage: string, context: ErrorContext, retryAfter?: string | null): TransportError {
  const detail = serverMessage.trim() ? `: ${serverMessage.trim()}` : '';
  const message = clean(`${context.url} answered HTTP ${status}${detail}`, context.secrets);
  if (status === 404) return new TransportError('model_not_found', message, false);
  if (status === 408) return new TransportError('timeout', message, true);
  if (status === 429) return new RateLimitedError(message, retryAfterMs(retryAfter));
  if (status >= 500) return new TransportError('http_5xx', message, true);
  return new TransportError(HTTP_4XX, message, false);
}

/** Classifies anything thrown while talking to a model server. */
export function classifyError(error: unknown, context: ErrorContext): TransportError {
  if (error instanceof RateLimitedError) return new RateLimitedError(clean(error.message, context.secrets), error.retryAfterMs);
  if (error instanceof TransportError) {
    return new TransportError(error.failureClass, clean(error.message, context.secrets), error.retryable);
  }
  const status = httpStatus(error);
  if (status !== undefined) return errorForStatus(status, serverMessage(error), context, headerOf(error, 'retry-after'));

  if (context.timedOut) {
    const after = context.timeoutMs === undefined ? '' : ` after ${context.timeoutMs} ms`;
    return new TransportError('timeout', clean(`${context.url}: no complete answer from '${context.model}'${after}`, context.secrets), true);
  }
  const code = errorCode(error);
  const text = describe(error);
  if (error instanceof SyntaxError) {
    return new TransportError('malformed_response', clean(`${context.url}: response is not valid JSON (${text})`, context.secrets), true);
  }
  // openai's own timeout error carries no code.
  if ((code && TIMEOUT_CODES.has(code)) || error instanceof APIConnectionTimeoutError) {
    return new TransportError('timeout', clean(`${context.url}: timed out (${code ?? text})`, context.secrets), true);
  }
  if (context.phase === 'stream' && (code !== undefined || /terminated|other side closed|did not receive done/i.test(text))) {
    return new TransportError(
      'stream_cut',
      clean(`${context.url}: stream from '${context.model}' ended before the final chunk (${code ?? text})`, context.secrets),
      true,
    );
  }
  if (code && CONNECT_CODES.has(code)) {
    const what = code === 'ECONNREFUSED' ? 'connection refused' : `connection failed (${code})`;
    const error = new TransportError('connection_refused', clean(`${context.url}: ${what}`, context.secrets), true);
    // A kept-alive connection closed under the request (not a refused connect): a fresh one
    // usually works at once, so the first retry does not wait out the backoff.
    if (STALE_CODES.has(code)) error.retryAtOnce = true;
    return error;
  }
  if (/fetch failed|connection error/i.test(text)) {
    return new TransportError('connection_refused', clean(`${context.url}: connection failed (${connectionDetail(error, text)})`, context.secrets), true);
  }
  // Anything else came from a response we could not make sense of (an unexpected shape).
  return new TransportError('malformed_response', clean(`${context.url}: unexpected response from '${context.model}': ${text}`, context.secrets), true);
}

/** Replaces every secret (and any bearer token) in `text`, and credentials embedded in URLs. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real keys are long.
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]').replace(/\/\/[^/@\s:]+:[^/@\s]+@/g, '//[redacted]@');
}

/** A base URL fit for a record or a message: no credentials, no query, no fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return redact(url);
  }
}

/**
 * Why a connection failed, from the deepest message on the cause chain: "fetch failed" alone says
 * nothing. Node's fetch refuses the ports the Fetch standard blocks (9, 25, 6000, ...) before any
 * connection is tried, with a bare "bad port"; that one gets a hint, since nothing is wrong with the server.
 */
export function connectionDetail(error: unknown, fallback: string): string {
  let deepest = fallback;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message.trim() !== '') deepest = message.trim();
    current = (current as { cause?: unknown }).cause;
  }
  if (/^bad port$/i.test(deepest)) return 'bad port: fetch refuses this port (blocked by the Fetch standard); serve on another port';
  return deepest === fallback ? fallback : `${fallback}: ${deepest}`;
}

/** The first `code` along an error's `cause` chain (undici puts ECONNREFUSED two levels down). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errorCode(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function httpStatus(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  // openai's APIError has `status`; ollama's ResponseError has `status_code`.
  const candidate = (error as { status?: unknown }).status ?? (error as { status_code?: unknown }).status_code;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : undefined;
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function headerOf(error: unknown, name: string): string | null {
  const headers = (error as { headers?: unknown }).headers;
  return headers instanceof Headers ? headers.get(name) : null;
}

function serverMessage(error: unknown): string {
  const body = (error as { error?: unknown }).error;
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  if (typeof body === 'string') return body;
  return describe(error).replace(/^\d{3}\s+/, '');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** One line, bounded, with secrets removed. */
function clean(message: string, secrets: readonly string[] = []): string {
  const line = redact(message, secrets).replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
