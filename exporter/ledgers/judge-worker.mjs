// Worker entry: the sources are TypeScript and a worker thread does not inherit the loader the
// main thread registered (bin/ledgerbench.js, vitest), so register tsx here, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./judge-worker.ts');
