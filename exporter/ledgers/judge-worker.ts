import { parentPort, workerData } from 'node:worker_threads';
import { judgeAndStore, type LineBatch } from './batch.ts';
import { RecordWriter } from './record-store.ts';

/** A validation worker (exporter/ledgers/judge-pool.ts): batches of ledger lines in, judged lines out, tagged with the job id. */
const port = parentPort;
if (port === null) throw new Error('judge-worker.ts runs only as a worker thread');
const options = (workerData ?? {}) as { storeFolder?: string; writer?: number };
const writer = options.storeFolder === undefined ? null : new RecordWriter(options.storeFolder, options.writer!);
port.on('message', (message: { id: number; batch: LineBatch }) => {
  try {
    port.postMessage({ id: message.id, result: judgeAndStore(message.batch, writer) });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
