import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../backends/create-backend.ts';
import type { ModelSpec } from '../../core/model-spec.ts';
import type { Backend, BackendOptions } from '../backends/backend.ts';
import { createGpuContext, type GpuContextOptions } from '../gpu/create-context.ts';
import type { GpuContext } from '../gpu/gpu-context.ts';
import { loadPriceBook, type PriceBook } from '../cost.ts';
import { withRetries, type RetryOptions } from '../retry.ts';
import { DEFAULT_EXPERIMENTS_DIR } from '../experiments/load.ts';
import { DEFAULT_ARMS_DIR } from '../arms.ts';

/**
 * Everything the sweep does to the world, passed in: tests hand the loop an in-process backend,
 * a frozen clock and recording output instead of mocking modules.
 */
export interface SweepEffects {
  createBackend(spec: ModelSpec, options: BackendOptions): Promise<Backend>;
  createGpuContext(options: GpuContextOptions): Promise<GpuContext | null>;
  /** The one place requests are retried (runner/retry.ts). */
  withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T>;
  loadPriceBook(options: { pricingPath?: string; usdPerKwh?: number }): PriceBook;
  /** Wall-clock time, for sweep ids and `recorded_at`. */
  now(): Date;
  /** A monotonic clock in milliseconds, for durations. */
  monotonicMs(): number;
  /** Four hex digits for a new sweep id. */
  randomHex(): string;
  hostname(): string;
  /** OLLAMA_HOST and the like. */
  env: Record<string, string | undefined>;
  /** Plan listings and the final summary. */
  stdout(text: string): void;
  /** Progress, warnings and resume notes. */
  stderr(text: string): void;
  /** Whether stderr is a terminal: a live progress line, or plain lines for logs. */
  isTTY: boolean;
  /** Aborted when the user asks the sweep to stop (SIGINT/SIGTERM). */
  stop: AbortSignal;
  experimentsDir: string;
  armsDir: string;
  /** Delay before the first retry of a failed request. */
  retryBaseDelayMs: number;
  /** Told the resume command once the ledger is open, so a hard stop can still say how to finish. */
  onLedgerOpen?: (resumeCommand: string) => void;
}

/** The real effects of a command-line sweep. */
export function defaultEffects(stop: AbortSignal): SweepEffects {
  return {
    createBackend,
    createGpuContext,
    withRetries,
    loadPriceBook,
    now: () => new Date(),
    monotonicMs: () => performance.now(),
    randomHex: () => randomBytes(2).toString('hex'),
    hostname,
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    stop,
    experimentsDir: DEFAULT_EXPERIMENTS_DIR,
    armsDir: DEFAULT_ARMS_DIR,
    retryBaseDelayMs: 500,
  };
}

let cachedVersion: string | null = null;

/** The tool's own version, from package.json, for every record's `tool`. */
export function toolInfo(): { name: string; version: string } {
  cachedVersion ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return { name: 'ledgerbench', version: cachedVersion };
}
