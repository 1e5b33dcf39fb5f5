// A validation worker that dies on its first batch: the pool must fail that batch and every later one.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
