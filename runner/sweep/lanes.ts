/**
 * Runs `work` over `items` in order of the list with at most `lanes` calls in flight (the sweep's
 * `--concurrency`). `work` returns false to stop taking new items (a stop, an outage); a throw
 * does the same. Calls already in flight always finish, so their records are written, before
 * this resolves — or rejects with the first error.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<boolean>): Promise<void> {
  let next = 0;
  let stopped = false;
  const lane = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const item = items[next++] as T;
      try {
        if (!(await work(item))) stopped = true;
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  const count = Math.max(1, Math.min(lanes, items.length));
  const results = await Promise.allSettled(Array.from({ length: count }, lane));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
