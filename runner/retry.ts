import { TransportError } from './backends/backend.ts';
import { mulberry32 } from '../lib/prng.ts';

/** How `withRetries` waits and when it gives up. */
export interface RetryOptions {
  /** Extra attempts after the first; 0 means "try once". */
  retries: number;
  /** Delay before the first retry; each later retry doubles it (before jitter). */
  baseDelayMs: number;
  /** Upper bound on one delay, so a long retry chain never stalls a sweep for minutes. */
  maxDelayMs?: number;
  /** Stops retrying (and cuts a pending wait short) once aborted. */
  signal?: AbortSignal;
  /** Uniform draws in [0, 1) for the jitter; defaults to `mulberry32(seed ?? 1)` so runs repeat. */
  random?: () => number;
  seed?: number;
  /** Injected for tests; defaults to a timer that an abort cuts short. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait: the error just seen, the attempt that failed (0-based) and the delay. */
  onRetry?: (error: TransportError, failedAttempt: number, delayMs: number) => void;
}

const DEFAULT_MAX_DELAY_MS = 30_000;

/**
 * Calls `fn(attempt)` (attempt 0, 1, ...) until it resolves. Only a retryable `TransportError`
 * is retried, at most `retries` times, with exponential backoff and jitter (never shorter than a
 * 429's `Retry-After`); anything else
 * (a CliError, a bug, a non-retryable transport error) is thrown at once. When the retries run
 * out, or `signal` aborts, the last TransportError is thrown.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retries = Math.max(0, Math.floor(options.retries));
  const random = options.random ?? mulberry32(options.seed ?? 1);
  const sleep = options.sleep ?? abortableSleep;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let lastError: TransportError | undefined;

  for (let attempt = 0; attempt <= retries; attempt++) {
    if (options.signal?.aborted) break;
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof TransportError) || !error.retryable) throw error;
      lastError = error;
      if (attempt === retries || options.signal?.aborted) break;
      // A connection closed under the request is retried at once, the first time only.
      const backoffMs = attempt === 0 && error.retryAtOnce ? 0 : backoffDelayMs(attempt, options.baseDelayMs, maxDelayMs, random);
      const delayMs = Math.max(backoffMs, serverWaitMs(error, maxDelayMs));
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
  if (lastError) throw lastError;
  // Aborted before the first attempt: nothing was sent, so there is no transport error to report.
  throw options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted before the first attempt');
}

/**
 * The wait after failed attempt `failedAttempt` (0-based): `base · 2^failedAttempt`, capped at
 * `maxDelayMs`, then scaled into [½, 1] of itself by `random()` ("equal jitter": retries from
 * several workers spread out, yet the wait never collapses to zero).
 */
export function backoffDelayMs(failedAttempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, Math.max(0, baseDelayMs) * 2 ** failedAttempt);
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/** A rate-limited server's own `Retry-After` (errors.ts `RateLimitedError`), capped like any wait. */
function serverWaitMs(error: TransportError, maxDelayMs: number): number {
  const wait = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? Math.min(wait, maxDelayMs) : 0;
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
