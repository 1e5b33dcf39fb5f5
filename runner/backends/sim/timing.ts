import type { Energy, Tokens } from '../../../schema/run-record.ts';
import type { MeasuredTiming } from '../backend.ts';
import { SIM_GPU, type SimProfile } from './profiles.ts';
import { operatingPoint } from './power-model.ts';
import { normal, type Random } from './random.ts';

/** About four characters a token for English and code: the usual rule of thumb for BPE tokenizers. */
const CHARS_PER_TOKEN = 4;
/** Fixed per-request overhead outside prefill and decode (HTTP, scheduling). */
const OVERHEAD_MS = 12;

export interface SimCost {
  text: string;
  truncated: boolean;
  tokens: Tokens;
  timing: MeasuredTiming;
  energy: Energy;
}

/** Token counts, timings and energy of one simulated reply under a power limit (watts). */
export function simulateCost(input: { profile: SimProfile; prompt: string; text: string; maxTokens: number; limitW: number; random: Random }): SimCost {
  const { profile, prompt, maxTokens, limitW, random } = input;
  let text = input.text;
  let output = estimateTokens(text);
  const truncated = output > maxTokens;
  if (truncated) {
    text = text.slice(0, maxTokens * CHARS_PER_TOKEN);
    output = maxTokens;
  }
  const promptTokens = estimateTokens(prompt);
  const point = operatingPoint(profile, limitW);
  const jitter = clamp(normal(random, 1, 0.04), 0.85, 1.15);
  const decodeTps = profile.decode_tps * point.speed * jitter;
  const prompt_ms = (promptTokens / (profile.prefill_tps * point.speed)) * 1000;
  const generation_ms = output > 0 ? (output / decodeTps) * 1000 : 0;
  const ttft_ms = prompt_ms + 1000 / decodeTps;
  const wall_ms = prompt_ms + generation_ms + OVERHEAD_MS;
  const busyW = point.power_w * clamp(normal(random, 1, 0.02), 0.94, 1.06);
  const joules = (busyW * (prompt_ms + generation_ms) + SIM_GPU.idle_w * OVERHEAD_MS) / 1000;
  return {
    text,
    truncated,
    tokens: { prompt: promptTokens, output, source: 'estimate' },
    timing: { wall_ms: round(wall_ms), load_ms: 0, prompt_ms: round(prompt_ms), generation_ms: round(generation_ms), ttft_ms: round(ttft_ms) },
    energy: {
      method: 'simulated',
      joules: round(joules),
      net_joules: round(joules - (SIM_GPU.idle_w * wall_ms) / 1000),
      idle_w: SIM_GPU.idle_w,
      avg_power_w: round(joules / (wall_ms / 1000)),
      peak_power_w: round(Math.min(limitW, busyW * 1.04)),
      samples: Math.max(1, Math.round(wall_ms / 100)),
      valid: true,
      reason: 'simulated: modelled from the sim profile, not measured',
    },
  };
}

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
