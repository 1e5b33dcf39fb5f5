/**
 * One request's deadline joined with the caller's abort signal. Which of the two fired matters:
 * our deadline is a `timeout` failure (retried), the caller's abort means the sweep is stopping.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  /** True when the caller (not the deadline) aborted. */
  cancelled(): boolean;
  clear(): void;
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new Error(`deadline of ${timeoutMs} ms passed`));
  }, timeoutMs);
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => fired,
    cancelled: () => !fired && outer?.aborted === true,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** What to throw when the caller aborted: its own reason when that is an Error. */
export function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error('request aborted');
}
