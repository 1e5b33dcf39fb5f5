import { TransportError } from '../backends/backend.ts';
import { JUDGE_PARAMS, judgeSeat, type JudgeSeat } from '../evaluators/judge-panel.ts';
import { warn } from '../../lib/warn.ts';
import type { EnergyMeter } from '../gpu/gpu-context.ts';
import type { SweepEffects } from './effects.ts';
import { openBackend } from './models.ts';
import type { PreparedSweep } from './prepare.ts';

/** Creates and preflights each judge's backend, as the candidates' are, before any file exists. */
export async function openJudges(sweep: PreparedSweep, effects: SweepEffects, meter: EnergyMeter | null): Promise<JudgeSeat[]> {
  const { options } = sweep;
  const seats: JudgeSeat[] = [];
  for (const spec of options.judges) {
    const backend = await openBackend(spec, sweep, effects);
    const retry = <T>(fn: () => Promise<T>) =>
      effects.withRetries(fn, { retries: options.retries, baseDelayMs: effects.retryBaseDelayMs, signal: effects.stop, seed: options.seed });
    // One unrecorded request, as for the candidates, so the model's load time is not the first judged call's.
    await retry(() => backend.warmup({ temperature: JUDGE_PARAMS.temperature, seed: options.seed, max_tokens: JUDGE_PARAMS.max_tokens }, effects.stop)).catch(
      (error: unknown) => {
        if (!(error instanceof TransportError) || effects.stop.aborted) throw error;
        warn(`judge ${spec}: warm-up failed (${error.failureClass}: ${error.message}); judging anyway`);
      },
    );
    seats.push(judgeSeat(backend, options.seed, { retry, meter }));
  }
  return seats;
}
