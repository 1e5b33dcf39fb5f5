import type { Task } from '../../schema/experiment.ts';
import type { JudgeOrder, JudgeUsage } from '../../schema/judge.ts';
import type { Backend, GenerateResult, RequestParams } from '../backends/backend.ts';
import type { EnergyMeter } from '../gpu/gpu-context.ts';

/** Judge generation parameters: warm enough that a second seed can disagree, short enough for two grade lines. */
export const JUDGE_PARAMS = { temperature: 0.7, max_tokens: 128 } as const;

/** One judge request: the prompt, the seed and order it is asked with, and the run it grades. */
export interface JudgeAsk {
  prompt: string;
  seed: number;
  order: JudgeOrder;
  reply: string;
  reference: string;
  task: Task & { evaluator: string };
  experiment: string;
  signal?: AbortSignal;
}

/** A judge model ready to be asked: its answer text and its own usage, never the candidate's. */
export interface JudgeSeat {
  /** As `--judge` spells it. */
  model: string;
  simulated: boolean;
  /** The sweep's seed; the second-seed call uses seed + 1. */
  seed: number;
  ask(request: JudgeAsk): Promise<{ text: string; usage: JudgeUsage }>;
}

/** How a seat sends a request: through the sweep's retries, and measured on its meter when one runs. */
export interface SeatEffects {
  retry<T>(fn: () => Promise<T>): Promise<T>;
  meter: EnergyMeter | null;
}

/** A judge seat over any backend: Ollama, OpenAI-compatible or the simulator. */
export function judgeSeat(backend: Backend, seed: number, effects: SeatEffects): JudgeSeat {
  return {
    model: backend.spec.spec,
    simulated: backend.simulated,
    seed,
    async ask(request) {
      const params: RequestParams = { temperature: JUDGE_PARAMS.temperature, seed: request.seed, max_tokens: JUDGE_PARAMS.max_tokens };
      const meter = backend.simulated ? null : effects.meter;
      const window = meter?.begin() ?? null;
      let result: GenerateResult;
      try {
        result = await effects.retry(() =>
          backend.generate({
            prompt: request.prompt,
            params,
            task: request.task,
            experiment: request.experiment,
            arm: 'judge',
            repeat: 0,
            sample: 0,
            power: { applied_w: null, request: null },
            judging: { reply: request.reply, reference: request.reference, order: request.order },
            ...(request.signal === undefined ? {} : { signal: request.signal }),
          }),
        );
      } catch (error) {
        if (window && meter) await meter.end(window, { fullyOnGpu: null, outputTokens: null }).catch(() => undefined);
        throw error;
      }
      const energy = result.energy ?? (window && meter ? await meter.end(window, { fullyOnGpu: null, outputTokens: result.tokens.output }) : null);
      return {
        text: result.text,
        usage: {
          prompt_tokens: result.tokens.prompt,
          output_tokens: result.tokens.output,
          token_source: result.tokens.source,
          wall_ms: result.timing.wall_ms,
          joules: energy?.valid ? energy.joules : null,
          energy_method: energy?.method ?? 'none',
        },
      };
    },
  };
}
