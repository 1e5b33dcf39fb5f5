import { Worker } from 'node:worker_threads';
import { judgeAndStore, type BatchResult, type LineBatch } from './batch.ts';
import { RecordWriter } from './record-store.ts';

/** Judges batches of ledger lines; the loader takes the results in submission order. */
export interface BatchJudge {
  judge(batch: LineBatch): Promise<BatchResult>;
  /** Stops any threads; pending batches are rejected. */
  close(): Promise<void>;
}

/**
 * Judges in the calling thread: no start-up cost, for small ledgers and tests. With `storeFolder`,
 * records' text goes to its record file 0 (exporter/ledgers/record-store.ts).
 */
export function inlineJudge(storeFolder?: string): BatchJudge {
  const writer = storeFolder === undefined ? null : new RecordWriter(storeFolder, 0);
  return {
    judge: async (batch) => judgeAndStore(batch, writer),
    close: async () => {},
  };
}

const WORKER_ENTRY = new URL('./judge-worker.mjs', import.meta.url);

interface Job {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
}

/**
 * Judges on `threads` worker threads, started on first use. Each batch goes to the thread with
 * the fewest batches in flight; its bytes are transferred, not copied. A worker that throws or
 * dies fails its batches and every later one, so the export stops instead of skipping lines.
 * `entry` is for tests (a worker script that misbehaves). With `storeFolder`, each worker stores
 * its records' text itself (exporter/ledgers/record-store.ts).
 */
export function workerJudge(threads: number, entry: URL = WORKER_ENTRY, storeFolder?: string): BatchJudge {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`workerJudge: threads must be a positive integer, got ${threads}`);
  const pool: Thread[] = [];
  let nextId = 0;
  let failure: Error | null = null;

  const fail = (thread: Thread, error: Error) => {
    failure ??= error;
    for (const job of thread.jobs.values()) job.reject(error);
    thread.jobs.clear();
  };

  const start = (): void => {
    for (let i = 0; i < threads; i++) {
      // Each worker appends records' text to a record file of its own (1, 2, …).
      const workerData = storeFolder === undefined ? undefined : { storeFolder, writer: i + 1 };
      const thread: Thread = { worker: new Worker(entry, { workerData }), jobs: new Map() };
      thread.worker.on('message', (message: { id: number; result?: BatchResult; error?: string }) => {
        const job = thread.jobs.get(message.id);
        if (job === undefined) return;
        thread.jobs.delete(message.id);
        if (message.error !== undefined) job.reject(new Error(`validation worker: ${message.error}`));
        else job.resolve(message.result!);
      });
      thread.worker.on('error', (error) => fail(thread, error instanceof Error ? error : new Error(String(error))));
      thread.worker.on('exit', (code) => fail(thread, new Error(`validation worker exited (code ${code})`)));
      // Idle workers must not keep the process alive; a batch in flight refs it again.
      thread.worker.unref();
      pool.push(thread);
    }
  };

  return {
    judge(batch) {
      if (failure !== null) return Promise.reject(failure);
      if (pool.length === 0) start();
      const thread = pool.reduce((best, t) => (t.jobs.size < best.jobs.size ? t : best));
      const id = nextId++;
      return new Promise<BatchResult>((resolve, reject) => {
        thread.worker.ref();
        const settle = () => {
          if (thread.jobs.size === 0) thread.worker.unref();
        };
        thread.jobs.set(id, {
          resolve: (result) => {
            settle();
            resolve(result);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        });
        thread.worker.postMessage({ id, batch }, [batch.bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      const closing = pool.splice(0);
      for (const thread of closing) {
        thread.worker.removeAllListeners('exit');
        fail(thread, new Error('validation pool closed'));
      }
      await Promise.all(closing.map((thread) => thread.worker.terminate()));
    },
  };
}
