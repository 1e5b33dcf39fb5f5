import { Ollama, type ChatRequest, type Message, type ModelResponse, type ShowResponse, type Tool } from 'ollama';
import { CliError } from '../../lib/cli-error.ts';
import type { ModelInfo } from '../../schema/run-record.ts';
import {
  TransportError,
  type Backend,
  type GenerateRequest,
  type BackendOptions,
  type RequestParams,
  type GenerateResult,
  type ToolCall,
  type ToolChatRequest,
  type ToolChatResult,
} from './backend.ts';
import { ollamaMessages, ollamaToolCalls } from './ollama-tools.ts';
import type { ModelSpec } from '../../core/model-spec.ts';
import { abortReason, startDeadline } from './deadline.ts';
import { classifyError, displayUrl, type ErrorContext } from './errors.ts';
import { guardedOllamaFetch } from './ollama-fetch.ts';
import { ollamaResult, residencyFrom, type OllamaFinalChunk } from './ollama-result.ts';

const DEFAULT_HOST = 'http://127.0.0.1:11434';

/** An Ollama model through the official `ollama` client: streamed `/api/chat`, facts from show/tags/ps. */
export async function createOllamaBackend(spec: ModelSpec, options: BackendOptions): Promise<Backend> {
  return new OllamaBackend(spec, options);
}

class OllamaBackend implements Backend {
  readonly simulated = false;
  /** The server as users write it (OLLAMA_HOST may omit the scheme); shown in messages and records. */
  private readonly host: string;
  private tag: ModelResponse | undefined;

  constructor(
    readonly spec: ModelSpec,
    private readonly options: BackendOptions,
  ) {
    const raw = (options.ollamaHost || DEFAULT_HOST).trim();
    this.host = displayUrl(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
  }

  async preflight(signal?: AbortSignal): Promise<void> {
    let models: ModelResponse[];
    try {
      models = (await this.call((client) => client.list(), '/api/tags', signal)).models;
    } catch (error) {
      throw this.unreachable(error);
    }
    this.tag = findModel(models, this.spec.name);
    if (!this.tag) {
      throw new CliError(`model '${this.spec.name}' is not pulled on ${this.host}: run 'ollama pull ${this.spec.name}'`);
    }
  }

  async describe(signal?: AbortSignal): Promise<ModelInfo> {
    let show: ShowResponse;
    try {
      show = await this.call((client) => client.show({ model: this.spec.name }), '/api/show', signal);
      this.tag ??= findModel((await this.call((client) => client.list(), '/api/tags', signal)).models, this.spec.name);
    } catch (error) {
      if (error instanceof TransportError && error.failureClass === 'model_not_found') {
        throw new CliError(`model '${this.spec.name}' is not pulled on ${this.host}: run 'ollama pull ${this.spec.name}'`);
      }
      throw this.unreachable(error);
    }
    const details = show.details ?? this.tag?.details;
    const residency = await this.residency(signal);
    return {
      name: this.spec.name,
      backend: 'ollama',
      base_url: this.host,
      ...optional('digest', this.tag?.digest),
      ...optional('parameter_size', details?.parameter_size),
      ...optional('quantization', details?.quantization_level),
      ...optional('family', details?.family),
      ...(residency ? { residency } : {}),
    };
  }

  /** `/api/ps` now: `gpu`, `hybrid` or `cpu` while loaded, `unknown` when not loaded; undefined if ps fails. */
  async residency(signal?: AbortSignal): Promise<ModelInfo['residency']> {
    try {
      const running = await this.call((client) => client.ps(), '/api/ps', signal);
      return residencyFrom(findModel(running.models, this.spec.name));
    } catch {
      return undefined;
    }
  }

  async warmup(params: RequestParams, signal?: AbortSignal): Promise<void> {
    await this.chat('Reply with one word.', undefined, { ...params, max_tokens: 1 }, signal);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.chat(request.prompt, request.system, request.params, request.signal);
  }

  /** `/api/chat` with `tools`: Ollama sends each call whole, its arguments an object, in a message's `tool_calls`. */
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatResult> {
    const tools: Tool[] = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    const calls: ToolCall[] = [];
    const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
    const result = await this.stream(ollamaMessages(request.messages), tools, promptChars, request.params, request.signal, (chunkCalls) =>
      calls.push(...ollamaToolCalls(chunkCalls, request.turn, calls.length)),
    );
    return { ...result, tool_calls: calls };
  }

  private async chat(prompt: string, system: string | undefined, params: RequestParams, signal?: AbortSignal): Promise<GenerateResult> {
    const messages = [...(system ? [{ role: 'system', content: system }] : []), { role: 'user', content: prompt }];
    return this.stream(messages, undefined, prompt.length + (system?.length ?? 0), params, signal);
  }

  private async stream(
    messages: Message[],
    tools: Tool[] | undefined,
    promptChars: number,
    params: RequestParams,
    signal: AbortSignal | undefined,
    onToolCalls?: (calls: NonNullable<Message['tool_calls']>) => void,
  ): Promise<GenerateResult> {
    const sent = requestSettings(params);
    const deadline = startDeadline(this.options.requestTimeoutMs, signal);
    const context: Omit<ErrorContext, 'phase'> = { url: `${this.host}/api/chat`, model: this.spec.name, timeoutMs: this.options.requestTimeoutMs };
    const client = new Ollama({ host: this.options.ollamaHost || DEFAULT_HOST, fetch: guardedOllamaFetch(context, deadline.signal) });
    let phase: ErrorContext['phase'] = 'request';
    const started = performance.now();
    let ttftMs: number | undefined;
    let text = '';
    let thinking = '';
    let final: OllamaFinalChunk | undefined;
    try {
      const stream = await client.chat({ model: this.spec.name, messages, stream: true, ...(tools ? { tools } : {}), ...sent });
      phase = 'stream';
      for await (const chunk of stream) {
        if (chunk.message?.tool_calls?.length) onToolCalls?.(chunk.message.tool_calls);
        const piece = chunk.message?.content ?? '';
        const thought = chunk.message?.thinking ?? '';
        if (ttftMs === undefined && (piece || thought)) ttftMs = performance.now() - started;
        text += piece;
        thinking += thought;
        if (chunk.done) final = chunk;
      }
      if (!final) throw new TransportError('stream_cut', `${context.url}: stream ended without the final done chunk`);
    } catch (error) {
      if (deadline.cancelled()) throw abortReason(signal);
      throw classifyError(error, { ...context, phase, timedOut: deadline.timedOut() });
    } finally {
      deadline.clear();
    }
    const wallMs = performance.now() - started;
    return ollamaResult({ text, thinking, final, wallMs, ttftMs, promptChars, sent });
  }

  /** A short request (tags, show, ps) under the same deadline and error classification. */
  private async call<T>(fn: (client: Ollama) => Promise<T>, path: string, signal?: AbortSignal): Promise<T> {
    const deadline = startDeadline(this.options.requestTimeoutMs, signal);
    const context: Omit<ErrorContext, 'phase'> = { url: `${this.host}${path}`, model: this.spec.name, timeoutMs: this.options.requestTimeoutMs };
    try {
      return await fn(new Ollama({ host: this.options.ollamaHost || DEFAULT_HOST, fetch: guardedOllamaFetch(context, deadline.signal) }));
    } catch (error) {
      if (deadline.cancelled()) throw abortReason(signal);
      throw classifyError(error, { ...context, phase: 'request', timedOut: deadline.timedOut() });
    } finally {
      deadline.clear();
    }
  }

  private unreachable(error: unknown): CliError {
    if (error instanceof CliError) return error;
    const transport = error instanceof TransportError ? error : classifyError(error, { url: this.host, model: this.spec.name, phase: 'request' });
    const reason = transport.message.replace(/^\S+: /, '');
    if (transport.failureClass === 'connection_refused' || transport.failureClass === 'timeout') {
      return new CliError(`cannot reach Ollama at ${this.host}: ${reason} — start it with 'ollama serve' or set OLLAMA_HOST`);
    }
    return new CliError(`Ollama at ${this.host} failed: ${transport.message} — check the server's log ('ollama serve' output)`);
  }
}

/** What goes into `/api/chat` besides the messages: the sampling options and the optional extras. */
export function requestSettings(params: RequestParams): Pick<ChatRequest, 'options' | 'keep_alive' | 'think'> {
  const options: Record<string, number> = { temperature: params.temperature, seed: params.seed, num_predict: params.max_tokens };
  if (typeof params.num_ctx === 'number') options.num_ctx = params.num_ctx;
  const settings: Pick<ChatRequest, 'options' | 'keep_alive' | 'think'> = { options };
  if (typeof params.keep_alive === 'string' || typeof params.keep_alive === 'number') settings.keep_alive = params.keep_alive;
  if (typeof params.think === 'boolean' || params.think === 'high' || params.think === 'medium' || params.think === 'low') settings.think = params.think;
  return settings;
}

/** `qwen3` names the same model as `qwen3:latest`. */
function findModel<T extends { name: string; model?: string }>(models: T[] | undefined, name: string): T | undefined {
  const wanted = name.includes(':') ? [name] : [name, `${name}:latest`];
  return models?.find((m) => wanted.includes(m.name) || (m.model !== undefined && wanted.includes(m.model)));
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}
