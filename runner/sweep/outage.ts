import type { TransportError } from '../backends/backend.ts';

/** Exit code of a sweep that stopped for an outage or ends with transport failures in its picture. */
export const TRANSPORT_EXIT = 3;

/**
 * `--max-transport-failures` default. Each of those runs already failed `--retries` + 1 attempts,
 * so five in a row is an outage, not a slow model; stopping early saves the hours a long sweep
 * would spend writing "not answered" records that a resume must redo anyway.
 */
export const DEFAULT_MAX_TRANSPORT_FAILURES = 5;

/**
 * Counts transport failures in a row (the first runs of a session included) and says when the
 * sweep should stop: `max` in a row, or a failed warm-up. `max` 0 never stops. Pure.
 */
export class OutageGuard {
  private streak = 0;
  constructor(private readonly max: number) {}

  /** After each run: its transport error, or null when the server answered. Returns why to stop, or null. */
  afterRun(error: Pick<TransportError, 'failureClass' | 'message'> | null): string | null {
    if (error === null) {
      this.streak = 0;
      return null;
    }
    this.streak++;
    if (this.max === 0 || this.streak < this.max) return null;
    return `${this.streak} runs in a row failed at transport (last: ${error.failureClass}: ${error.message})`;
  }

  /** After a warm-up that failed in transport despite the retries. */
  afterWarmupFailure(model: string, error: Pick<TransportError, 'failureClass' | 'message'>): string | null {
    if (this.max === 0) return null;
    return `the warm-up of ${model} failed at transport (${error.failureClass}: ${error.message})`;
  }
}
