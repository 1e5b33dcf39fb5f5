import type { PowerController } from './gpu-context.ts';
import type { SmiPowerController } from './power.ts';
import type { Sampler } from './sampler.ts';

/** The hooks createGpuContext installs, and how the context lets go of them. */
export interface SafetyHooks {
  /** Wraps the controller so a completed restore is noticed. */
  trackRestore(power: SmiPowerController): PowerController;
  /** Called when the meter closes: drops the hooks once no restore is owed. */
  releaseWhenSettled(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Last-resort safety for a sweep whose own `finally` did not run: on process `exit`, kill the
 * sampler and restore the power limits synchronously. On SIGINT/SIGTERM with no other handler
 * (nobody else will clean up), do the same and re-raise the signal so the process still dies of it.
 */
export function installSafetyHooks(parts: { sampler: Sampler; power: SmiPowerController }): SafetyHooks {
  let installed = true;
  let closed = false;
  const cleanUp = () => {
    parts.sampler.killSync();
    parts.power.restoreSync();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return; // the runner handles it and will run its finally
    cleanUp();
    release();
    process.kill(process.pid, signal);
  };
  const release = () => {
    if (!installed) return;
    installed = false;
    process.off('exit', cleanUp);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  process.once('exit', cleanUp);
  for (const signal of SIGNALS) process.on(signal, onSignal);

  const releaseIfSettled = () => {
    if (closed && !parts.power.pendingRestore) release();
  };
  return {
    trackRestore(power) {
      return {
        apply: (request) => power.apply(request),
        restore: async () => {
          const watts = await power.restore();
          releaseIfSettled();
          return watts;
        },
      };
    },
    releaseWhenSettled() {
      closed = true;
      releaseIfSettled();
    },
  };
}
