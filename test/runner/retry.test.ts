import { describe, expect, it } from 'vitest';
import { TransportError } from '../../runner/backends/backend.ts';
import { RateLimitedError } from '../../runner/backends/errors.ts';
import { backoffDelayMs, withRetries } from '../../runner/retry.ts';
import { mulberry32 } from '../../lib/prng.ts';

/** A sleep that records the waits instead of waiting. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('withRetries', () => {
  it('returns the first success and passes the attempt number', async () => {
    const seen: number[] = [];
    const { sleep, waits } = recordingSleep();
    const result = await withRetries(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 2) throw new TransportError('http_5xx', 'HTTP 503');
        return 'ok';
      },
      { retries: 3, baseDelayMs: 100, sleep },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([0, 1, 2]);
    expect(waits).toHaveLength(2);
  });

  it('makes exactly retries + 1 attempts, then throws the last TransportError', async () => {
    let calls = 0;
    const { sleep } = recordingSleep();
    const failing = withRetries(
      async () => {
        calls++;
        throw new TransportError('timeout', `attempt ${calls} timed out`);
      },
      { retries: 2, baseDelayMs: 10, sleep },
    );
    await expect(failing).rejects.toMatchObject({ failureClass: 'timeout', message: 'attempt 3 timed out' });
    expect(calls).toBe(3);
  });

  it('does not retry a non-retryable TransportError', async () => {
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls++;
        throw new TransportError('model_not_found', 'HTTP 404', false);
      },
      { retries: 5, baseDelayMs: 1, sleep: async () => {} },
    );
    await expect(failing).rejects.toMatchObject({ failureClass: 'model_not_found' });
    expect(calls).toBe(1);
  });

  it('rethrows other errors at once (bugs and CLI errors are not transport failures)', async () => {
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls++;
        throw new RangeError('bug');
      },
      { retries: 5, baseDelayMs: 1, sleep: async () => {} },
    );
    await expect(failing).rejects.toBeInstanceOf(RangeError);
    expect(calls).toBe(1);
  });

  it('stops retrying once the signal aborts and throws the last transport error', async () => {
    const controller = new AbortController();
    let calls = 0;
    const failing = withRetries(
      async () => {
        calls++;
        if (calls === 2) controller.abort();
        throw new TransportError('connection_refused', `refused ${calls}`);
      },
      { retries: 10, baseDelayMs: 1, signal: controller.signal, sleep: async () => {} },
    );
    await expect(failing).rejects.toMatchObject({ message: 'refused 2' });
    expect(calls).toBe(2);
  });

  it('cuts a real pending wait short when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const failing = withRetries(
      async () => {
        setTimeout(() => controller.abort(), 20);
        throw new TransportError('http_5xx', 'HTTP 500');
      },
      { retries: 1, baseDelayMs: 60_000, signal: controller.signal },
    );
    await expect(failing).rejects.toMatchObject({ failureClass: 'http_5xx' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports each retry with the failed attempt and the delay', async () => {
    const reports: Array<[string, number, number]> = [];
    const { sleep, waits } = recordingSleep();
    await expect(
      withRetries(async () => Promise.reject(new TransportError('stream_cut', 'cut')), {
        retries: 2,
        baseDelayMs: 50,
        sleep,
        onRetry: (error, attempt, delay) => reports.push([error.failureClass, attempt, delay]),
      }),
    ).rejects.toThrow('cut');
    expect(reports.map(([c, a]) => [c, a])).toEqual([
      ['stream_cut', 0],
      ['stream_cut', 1],
    ]);
    expect(reports.map(([, , d]) => d)).toEqual(waits);
  });

  it("waits at least a 429's Retry-After, within the cap", async () => {
    const { sleep, waits } = recordingSleep();
    await withRetries(async () => Promise.reject(new RateLimitedError('HTTP 429', 5_000)), { retries: 1, baseDelayMs: 10, sleep }).catch(() => {});
    expect(waits).toEqual([5_000]);
    const capped = recordingSleep();
    await withRetries(async () => Promise.reject(new RateLimitedError('HTTP 429', 600_000)), {
      retries: 1,
      baseDelayMs: 10,
      maxDelayMs: 20_000,
      sleep: capped.sleep,
    }).catch(() => {});
    expect(capped.waits).toEqual([20_000]);
  });

  it('waits the same way for the same seed', async () => {
    const run = async (seed: number) => {
      const { sleep, waits } = recordingSleep();
      await withRetries(async () => Promise.reject(new TransportError('http_5xx', 'x')), { retries: 4, baseDelayMs: 100, seed, sleep }).catch(() => {});
      return waits;
    };
    expect(await run(7)).toEqual(await run(7));
    expect(await run(7)).not.toEqual(await run(8));
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt and stays within [half, full] of the step', () => {
    const low = () => 0;
    const high = () => 0.999999;
    for (let attempt = 0; attempt < 5; attempt++) {
      const step = 100 * 2 ** attempt;
      expect(backoffDelayMs(attempt, 100, 1e9, low)).toBe(step / 2);
      expect(backoffDelayMs(attempt, 100, 1e9, high)).toBe(step);
    }
  });

  it('never exceeds the cap', () => {
    const random = mulberry32(3);
    for (let attempt = 0; attempt < 30; attempt++) expect(backoffDelayMs(attempt, 500, 4_000, random)).toBeLessThanOrEqual(4_000);
  });
});

describe('mulberry32', () => {
  it('draws uniformly in [0, 1)', () => {
    const random = mulberry32(42);
    const draws = Array.from({ length: 10_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
