import { parentPort } from 'node:worker_threads';
import { judgeBatch, type LineBatch } from './batch.ts';

/** A validation worker (exporter/ledgers/judge-pool.ts): batches of ledger lines in, judged lines out, tagged with the job id. */
const port = parentPort;
if (port === null) throw new Error('judge-worker.ts runs only as a worker thread');
port.on('message', (message: { id: number; batch: LineBatch }) => {
  try {
    const result = judgeBatch(message.batch);
    port.postMessage({ id: message.id, result }, [result.records.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
