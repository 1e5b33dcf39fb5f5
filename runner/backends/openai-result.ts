import type { GenerateResult, ToolCall } from './backend.ts';
import { estimateTokens } from './estimate.ts';

/** llama.cpp server's per-request `timings` object, as it sends it (milliseconds). */
export interface LlamaCppTimings {
  prompt_n?: number;
  prompt_ms?: number;
  predicted_n?: number;
  predicted_ms?: number;
  cache_n?: number;
  predicted_per_second?: number;
  [key: string]: unknown;
}

/** What the client gathered from one streamed chat completion; clock readings in milliseconds. */
export interface OpenAiStreamOutcome {
  text: string;
  reasoning: string;
  finishReason: string | null;
  usage: { prompt_tokens?: number; completion_tokens?: number } | null;
  timings: LlamaCppTimings | null;
  wallMs: number;
  ttftMs: number | undefined;
  /** When the last content or reasoning delta arrived, measured from the request start. */
  lastTokenMs: number | undefined;
  promptChars: number;
}

/** Accumulates stream chunks: pure, so the chunk handling is tested on literal wire objects. */
export class OpenAiChunkReader {
  text = '';
  reasoning = '';
  finishReason: string | null = null;
  usage: OpenAiStreamOutcome['usage'] = null;
  timings: LlamaCppTimings | null = null;
  ttftMs: number | undefined;
  lastTokenMs: number | undefined;
  /** Tool calls by their stream `index`: the first fragment names the call, the rest add argument text. */
  private readonly calls = new Map<number, ToolCall>();

  /** The tool calls streamed so far, in index order, their arguments joined from every fragment. */
  get toolCalls(): ToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => ({ ...call }));
  }

  /** Feeds one parsed `chat.completion.chunk`; `atMs` is when it arrived. */
  add(chunk: unknown, atMs: number): void {
    if (!chunk || typeof chunk !== 'object') throw new TypeError('a stream chunk is not an object');
    const { choices, usage, timings } = chunk as { choices?: unknown; usage?: unknown; timings?: unknown };
    if (usage && typeof usage === 'object') this.usage = usage as OpenAiStreamOutcome['usage'];
    if (timings && typeof timings === 'object') this.timings = timings as LlamaCppTimings;
    if (choices !== undefined && !Array.isArray(choices)) throw new TypeError('`choices` is not an array');
    const choice = (choices as Array<Record<string, unknown>> | undefined)?.[0];
    if (!choice) return;
    const delta = (choice.delta ?? {}) as Record<string, unknown>;
    // vLLM and llama.cpp send `reasoning_content`; some newer servers name it `reasoning`.
    const thought = stringOr(delta.reasoning_content) || stringOr(delta.reasoning);
    const piece = stringOr(delta.content);
    if (piece || thought) {
      this.ttftMs ??= atMs;
      this.lastTokenMs = atMs;
    }
    this.text += piece;
    this.reasoning += thought;
    if (Array.isArray(delta.tool_calls)) {
      this.ttftMs ??= atMs;
      this.lastTokenMs = atMs;
      for (const fragment of delta.tool_calls as unknown[]) this.addToolFragment(fragment);
    }
    if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
  }

  private addToolFragment(fragment: unknown): void {
    if (!fragment || typeof fragment !== 'object') return;
    const { index, id, function: fn } = fragment as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const at = typeof index === 'number' ? index : this.calls.size;
    const call = this.calls.get(at) ?? { id: '', name: '', arguments: '' };
    if (typeof id === 'string' && id !== '') call.id = id;
    call.name += stringOr(fn?.name);
    call.arguments += stringOr(fn?.arguments);
    this.calls.set(at, call);
  }
}

/**
 * Builds the backend result. Server counts (`usage`) when sent, else the chars/4 estimate; prompt
 * and generation times from llama.cpp `timings` when sent, else generation time is measured here
 * from the first to the last token delta (the client's view, which includes network time).
 */
export function openAiResult(outcome: OpenAiStreamOutcome): GenerateResult {
  const { usage, timings } = outcome;
  const counted = isCount(usage?.prompt_tokens) && isCount(usage?.completion_tokens);
  const tokens = counted
    ? { prompt: usage!.prompt_tokens!, output: usage!.completion_tokens!, source: 'server' as const }
    : estimateTokens(outcome.promptChars, outcome.text.length + outcome.reasoning.length);
  const timing: GenerateResult['timing'] = { wall_ms: outcome.wallMs };
  if (outcome.ttftMs !== undefined) timing.ttft_ms = outcome.ttftMs;
  if (timings && isMs(timings.prompt_ms)) timing.prompt_ms = timings.prompt_ms;
  if (timings && isMs(timings.predicted_ms)) {
    timing.generation_ms = timings.predicted_ms;
  } else if (outcome.ttftMs !== undefined && outcome.lastTokenMs !== undefined && outcome.lastTokenMs > outcome.ttftMs) {
    timing.generation_ms = outcome.lastTokenMs - outcome.ttftMs;
  }
  const extra: Record<string, unknown> = { timing_source: timings && isMs(timings.predicted_ms) ? 'server' : 'client' };
  // Kept as the server sent them; llama.cpp's own rates use its conventions, never ours.
  if (timings) extra.timings = timings;
  return {
    text: outcome.text,
    ...(outcome.reasoning ? { thinking: outcome.reasoning } : {}),
    done_reason: outcome.finishReason,
    tokens,
    timing,
    extra,
  };
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
