// A validation worker whose judging fails: it answers with an error for the job, as judge-worker.ts does.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => parentPort.postMessage({ id: message.id, error: 'Error: cannot judge this batch' }));
