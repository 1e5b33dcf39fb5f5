// Child process for the safety-hook tests: applies a power level, says "applied", then either
// exits without restoring (argv[2] === 'exit') or waits to be signalled (argv[2] === 'wait').
import { createGpuContext } from '../../../../runner/gpu/create-context.ts';

const gpu = await createGpuContext({
  tdpLevels: ['50'],
  unmanaged: false,
  gpuIndex: null,
  idleSeconds: 0,
  settleSeconds: 0,
  sampleIntervalMs: 100,
});
if (gpu === null) throw new Error('fake nvidia-smi not on PATH');
await gpu.power.apply('50');
process.stdout.write('applied\n');
if (process.argv[2] === 'exit') process.exit(0);
setInterval(() => {}, 1000);
