import type { Host, ModelInfo, PowerLimit, RunRecord } from '../../schema/run-record.ts';
import { applyArm } from '../arms.ts';
import { runAgentTask, type AgentRun } from '../agent/loop.ts';
import { TransportError, type Backend, type GenerateResult } from '../backends/backend.ts';
import { costOf, type PriceBook } from '../cost.ts';
import { getEvaluator } from '../evaluators/registry.ts';
import type { EvaluationOutcome } from '../evaluators/evaluator.ts';
import type { JudgeSeat } from '../evaluators/judge-panel.ts';
import type { GpuContext } from '../gpu/gpu-context.ts';
import { noGpuEnergy } from '../gpu/create-context.ts';
import type { LedgerWriter } from '../ledger/writer.ts';
import type { Progress } from '../progress.ts';
import { toolInfo, type SweepEffects } from './effects.ts';
import type { OutageGuard } from './outage.ts';
import { settle, type SweepPicture } from './picture.ts';
import type { PlannedRun } from './plan.ts';
import type { PreparedSweep } from './prepare.ts';
import { buildRecord, runParams, simulatedPowerLimit, transportOutcome, untouchedPowerLimit } from './record.ts';
import type { SweepTally } from './summary.ts';

/** A model ready to be measured: its backend and the facts every record carries. */
export interface ModelSlot {
  backend: Backend;
  info: ModelInfo;
}

/** What every run of a sweep shares. */
export interface LoopContext {
  sweep: PreparedSweep;
  /** The final picture, updated as records are appended; its `remaining` are this session's runs. */
  picture: SweepPicture;
  slots: Map<string, ModelSlot>;
  /** The judges judged suites ask (`--judge`); empty when the sweep has none. */
  judges: JudgeSeat[];
  gpu: GpuContext | null;
  prices: PriceBook;
  writer: LedgerWriter;
  progress: Progress;
  tally: SweepTally;
  effects: SweepEffects;
  guard: OutageGuard;
  /** Requests kept in flight at once (`--concurrency`), recorded in every record. */
  concurrency: number;
}

/**
 * One run: request (with retries), energy, evaluation, cost, record, append. Returns the record
 * appended, or null when the user stopped the sweep during the run (nothing is written then).
 */
export async function runOne(context: LoopContext, run: PlannedRun, slot: ModelSlot, applied: PowerLimit | null): Promise<RunRecord | null> {
  const { sweep, gpu, effects, tally } = context;
  const { backend, info } = slot;
  const experiment = sweep.experiments.get(run.experiment)!;
  const prompt = applyArm(sweep.arms.get(run.arm)!, run.task);
  const params = runParams(sweep.options, experiment.manifest.defaults, run.sample);
  const meter = backend.simulated ? null : (gpu?.meter ?? null);
  context.progress.runStarted(`${run.model} ${run.experiment}/${run.task.id}`);

  const window = meter?.begin() ?? null;
  const startedMs = effects.monotonicMs();
  let result: GenerateResult | null = null;
  let agentRun: AgentRun | null = null;
  let failure: TransportError | null = null;
  const retryOptions = { retries: sweep.options.retries, baseDelayMs: effects.retryBaseDelayMs, signal: effects.stop, seed: sweep.options.seed };
  const request = {
    params,
    task: run.task,
    experiment: run.experiment,
    arm: run.arm,
    repeat: run.repeat,
    sample: run.sample,
    power: { request: run.power, applied_w: applied?.applied_w ?? null },
    signal: effects.stop,
  };
  try {
    const agentSuite = experiment.manifest.agent;
    if (agentSuite) {
      // A tool-use suite: many requests, one run (runner/agent/loop.ts); each turn gets the retries.
      agentRun = await runAgentTask({
        backend,
        suite: agentSuite,
        prompt,
        world: run.task.settings?.world,
        request,
        retry: (call) => effects.withRetries(call, retryOptions),
      });
      if (agentRun.transport) throw agentRun.transport;
      result = agentRun.result;
    } else {
      result = await effects.withRetries(() => backend.generate({ ...request, prompt }), retryOptions);
    }
  } catch (error) {
    // A run cut short by the user is not a transport failure: it is left for --resume.
    if (effects.stop.aborted) {
      if (window && meter) await meter.end(window, { fullyOnGpu: null, outputTokens: null }).catch(() => undefined);
      return null;
    }
    if (!(error instanceof TransportError)) {
      // Close the window even so: runs that overlapped it wait for it to close to learn their share.
      if (window && meter) await meter.end(window, { fullyOnGpu: null, outputTokens: null }).catch(() => undefined);
      throw error;
    }
    failure = error;
  }
  const wallMs = effects.monotonicMs() - startedMs;
  const energy =
    result?.energy ??
    (window && meter ? await meter.end(window, { fullyOnGpu: fullyOnGpu(info), outputTokens: result?.tokens.output ?? null }) : noEnergy(backend));
  let outcome: EvaluationOutcome;
  try {
    const judging = { seats: context.judges, task: run.task, experiment: run.experiment, signal: effects.stop };
    outcome = result
      ? await getEvaluator(run.task.evaluator).evaluate({
          response: result.text,
          reference: run.task.reference,
          settings: run.task.settings,
          judging,
          ...(agentRun ? { agent: agentRun.finish } : {}),
        })
      : transportOutcome(failure!, run.task.evaluator);
  } catch (error) {
    // A judge request cut short by the user: the run is left for --resume, like one cut short above.
    if (effects.stop.aborted) return null;
    throw error;
  }
  const powerLimit = backend.simulated ? simulatedPowerLimit(run.power, result?.extra) : (applied ?? untouchedPowerLimit());
  const record = buildRecord({
    run,
    sweepId: sweep.sweepId,
    recordedAt: effects.now(),
    simulated: backend.simulated,
    model: info,
    host: hostOf(effects.hostname(), backend.simulated ? null : gpu),
    params,
    prompt,
    powerLimit,
    result,
    wallMs,
    energy,
    outcome,
    cost: costOf({ model: info, tokens: result?.tokens ?? { prompt: null, output: null }, energy, simulated: backend.simulated }, context.prices),
    tool: toolInfo(),
    attempt: context.picture.nextAttempt.get(run.run_id) ?? 0,
    concurrency: context.concurrency,
    shard: sweep.shard,
    ...(agentRun ? { agent: agentRun.trace, system: experiment.manifest.agent?.system } : {}),
  });
  context.writer.append(record);
  settle(context.picture, record);
  tally.written++;
  // `tally.done` is recounted from the picture when the sweep ends: a retry adds no planned run.
  if ((record.attempt ?? 0) > 0) tally.retried++;
  if (record.evaluation.passed) tally.passed++;
  else tally.failed++;
  if (record.failure?.stage === 'transport') tally.transport++;
  context.progress.runFinished(record.evaluation.passed);
  return record;
}

function noEnergy(backend: Backend) {
  if (!backend.simulated) return noGpuEnergy();
  return { method: 'none' as const, joules: null, valid: false, reason: 'the simulator reported no energy for this run' };
}

/** Ollama's residency says whether the weights sat fully in VRAM; the meter flags partial offload. */
function fullyOnGpu(info: ModelInfo): boolean | null {
  const placement = info.residency?.placement;
  if (placement === 'gpu') return true;
  if (placement === 'hybrid' || placement === 'cpu') return false;
  return null;
}

function hostOf(name: string, gpu: GpuContext | null): Host {
  const gpus = gpu?.gpus ?? [];
  return { hostname: name, gpu: gpus[0] ?? null, ...(gpus.length > 1 ? { gpus } : {}) };
}
