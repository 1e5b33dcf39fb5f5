import type { Energy, Tokens } from '../../schema/run-record.ts';
import type { GenerateResult, MeasuredTiming, ToolChatResult } from '../backends/backend.ts';

/**
 * A tool-use run as one result: tokens and model time are sums over its turns; server counts only
 * when every turn had them. Energy is summed only when every turn reported its own (the simulator);
 * a real run's energy is the GPU meter's window around the whole loop.
 */
export function sumTurns(replies: readonly ToolChatResult[]): Omit<GenerateResult, 'text'> {
  const last = replies.at(-1);
  const energy = sumEnergy(replies);
  return {
    done_reason: last?.done_reason ?? null,
    tokens: sumTokens(replies.map((reply) => reply.tokens)),
    timing: sumTiming(replies.map((reply) => reply.timing)),
    ...(energy ? { energy } : {}),
    ...(last?.extra ? { extra: last.extra } : {}),
  };
}

function sumTokens(all: readonly Tokens[]): Tokens {
  return {
    prompt: total(all.map((t) => t.prompt)),
    output: total(all.map((t) => t.output)),
    source: all.length > 0 && all.every((t) => t.source === 'server') ? 'server' : 'estimate',
  };
}

function sumTiming(all: readonly MeasuredTiming[]): MeasuredTiming {
  const timing: MeasuredTiming = { wall_ms: round(all.reduce((sum, t) => sum + t.wall_ms, 0)) };
  for (const key of ['load_ms', 'prompt_ms', 'generation_ms'] as const) {
    const sum = total(all.map((t) => t[key] ?? null));
    if (sum !== null) timing[key] = round(sum);
  }
  if (all[0]?.ttft_ms !== undefined) timing.ttft_ms = all[0].ttft_ms;
  return timing;
}

function sumEnergy(replies: readonly ToolChatResult[]): Energy | undefined {
  const all = replies.map((reply) => reply.energy);
  if (all.length === 0 || all.some((e) => e === undefined || e.joules === null)) return undefined;
  const energies = all as Energy[];
  const joules = round(energies.reduce((sum, e) => sum + e.joules!, 0));
  const wallS = replies.reduce((sum, reply) => sum + reply.timing.wall_ms, 0) / 1000;
  const net = total(energies.map((e) => e.net_joules ?? null));
  const peaks = energies.map((e) => e.peak_power_w ?? null);
  return {
    ...energies[0]!,
    joules,
    ...(net === null ? {} : { net_joules: round(net) }),
    avg_power_w: wallS > 0 ? round(joules / wallS) : null,
    peak_power_w: peaks.every((p) => p !== null) ? Math.max(...(peaks as number[])) : null,
    samples: energies.reduce((sum, e) => sum + (e.samples ?? 0), 0),
    valid: energies.every((e) => e.valid),
  };
}

/** The sum, or null when any part is unknown (never a partial sum passed off as the whole). */
function total(values: readonly (number | null)[]): number | null {
  return values.every((v) => v !== null) ? (values as number[]).reduce((sum, v) => sum + v, 0) : null;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
