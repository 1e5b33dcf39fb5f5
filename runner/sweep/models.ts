import { TransportError } from '../backends/backend.ts';
import { parseModelSpec } from '../../core/model-spec.ts';
import { warn } from '../../lib/warn.ts';
import type { Backend, RequestParams } from '../backends/backend.ts';
import type { SweepEffects } from './effects.ts';
import type { ModelSlot } from './execute.ts';
import type { OutageGuard } from './outage.ts';
import type { PlannedRun } from './plan.ts';
import type { PreparedSweep } from './prepare.ts';

/**
 * Creates each model's backend, preflights it and reads its facts, before any file exists. The
 * stop signal reaches every request, so a Ctrl-C during a slow preflight ends it at once.
 */
export async function openModels(sweep: PreparedSweep, remaining: PlannedRun[], effects: SweepEffects): Promise<Map<string, ModelSlot>> {
  const slots = new Map<string, ModelSlot>();
  for (const spec of new Set(remaining.map((run) => run.model))) {
    const backend = await openBackend(spec, sweep, effects);
    slots.set(spec, { backend, info: await backend.describe(effects.stop) });
  }
  return slots;
}

/** One model's backend, candidate or judge, made with the sweep's connection flags and preflighted. */
export async function openBackend(spec: string, sweep: PreparedSweep, effects: SweepEffects): Promise<Backend> {
  const { options } = sweep;
  const backend = await effects.createBackend(parseModelSpec(spec), {
    ...(options.base_url === null ? {} : { baseUrl: options.base_url }),
    apiKeyEnv: options.api_key_env,
    ollamaHost: ollamaHost(effects.env.OLLAMA_HOST),
    requestTimeoutMs: options.timeout_ms,
    seed: options.seed,
  });
  await backend.preflight(effects.stop);
  return backend;
}

/** OLLAMA_HOST as Ollama itself accepts it: `host:port` without a scheme means http. */
export function ollamaHost(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return 'http://127.0.0.1:11434';
  const trimmed = value.trim();
  return /^https?:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/**
 * The unrecorded first request, retried like any run. Returns why the sweep should stop (the
 * warm-up failed at transport: the server is not answering), or null to go on — also when the
 * user stopped the sweep meanwhile, which the caller sees on the stop signal. With
 * `--max-transport-failures 0` a failed warm-up is only a warning. Residency is read after it,
 * once the weights are loaded: before, the server cannot say where they sit.
 */
export async function warmup(
  slot: ModelSlot,
  params: RequestParams,
  context: { sweep: PreparedSweep; effects: SweepEffects; guard: OutageGuard },
): Promise<string | null> {
  const { effects, sweep } = context;
  try {
    await effects.withRetries(() => slot.backend.warmup(params, effects.stop), {
      retries: sweep.options.retries,
      baseDelayMs: effects.retryBaseDelayMs,
      signal: effects.stop,
      seed: sweep.options.seed,
    });
    const residency = await slot.backend.residency?.(effects.stop);
    if (residency) slot.info = { ...slot.info, residency };
    return null;
  } catch (error) {
    if (effects.stop.aborted) return null;
    if (!(error instanceof TransportError)) throw error;
    const stop = context.guard.afterWarmupFailure(slot.backend.spec.spec, error);
    if (stop === null) warn(`${slot.backend.spec.spec}: warm-up failed (${error.failureClass}: ${error.message}); measuring anyway`);
    return stop;
  }
}
