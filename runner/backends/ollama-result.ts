import type { ModelInfo } from '../../schema/run-record.ts';
import type { GenerateResult } from './backend.ts';
import { estimateTokens } from './estimate.ts';

/** The counters and durations on Ollama's final (`done: true`) chunk; durations in nanoseconds. */
export interface OllamaFinalChunk {
  done_reason?: string;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
}

/** What the client saw of one streamed chat, with its own clock readings in milliseconds. */
export interface OllamaStreamOutcome {
  text: string;
  thinking: string;
  final: OllamaFinalChunk;
  wallMs: number;
  ttftMs: number | undefined;
  /** Characters sent (system + prompt), for the estimate when the server gives no counts. */
  promptChars: number;
  sent: Record<string, unknown>;
}

/** Ollama reports durations in nanoseconds; records hold milliseconds. */
export function nsToMs(ns: number | undefined): number | undefined {
  return typeof ns === 'number' && Number.isFinite(ns) && ns >= 0 ? ns / 1e6 : undefined;
}

/** Builds the backend result from a completed Ollama stream. */
export function ollamaResult(outcome: OllamaStreamOutcome): GenerateResult {
  const { final } = outcome;
  const counted = isCount(final.prompt_eval_count) && isCount(final.eval_count);
  const tokens = counted
    ? { prompt: final.prompt_eval_count!, output: final.eval_count!, source: 'server' as const }
    : estimateTokens(outcome.promptChars, outcome.text.length + outcome.thinking.length);
  const timing = dropUndefined({
    wall_ms: outcome.wallMs,
    ttft_ms: outcome.ttftMs,
    load_ms: nsToMs(final.load_duration),
    prompt_ms: nsToMs(final.prompt_eval_duration),
    generation_ms: nsToMs(final.eval_duration),
  });
  const serverTotalMs = nsToMs(final.total_duration);
  return {
    text: outcome.text,
    ...(outcome.thinking ? { thinking: outcome.thinking } : {}),
    done_reason: final.done_reason ?? null,
    tokens,
    timing: timing as GenerateResult['timing'],
    extra: { ollama: { ...outcome.sent, ...(serverTotalMs === undefined ? {} : { server_total_ms: serverTotalMs }) } },
  };
}

/** Where a loaded model's weights sit, from `/api/ps`: all in VRAM, split, or all in system RAM. */
export function residencyFrom(entry: { size?: number; size_vram?: number } | undefined): NonNullable<ModelInfo['residency']> {
  const size = isCount(entry?.size) ? entry!.size! : null;
  const vram = isCount(entry?.size_vram) ? entry!.size_vram! : null;
  return { placement: placementOf(size, vram), size_bytes: size, size_vram_bytes: vram };
}

export function placementOf(size: number | null, sizeVram: number | null): 'gpu' | 'hybrid' | 'cpu' | 'unknown' {
  if (size === null || sizeVram === null || size <= 0) return 'unknown';
  if (sizeVram === 0) return 'cpu';
  if (sizeVram >= size) return 'gpu';
  return 'hybrid';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function dropUndefined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}
