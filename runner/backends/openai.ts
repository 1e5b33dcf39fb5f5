import OpenAI from 'openai';
import { CliError } from '../../lib/cli-error.ts';
import type { ModelInfo } from '../../schema/run-record.ts';
import {
  TransportError,
  type Backend,
  type GenerateRequest,
  type BackendOptions,
  type RequestParams,
  type GenerateResult,
  type ToolChatRequest,
  type ToolChatResult,
} from './backend.ts';
import { openAiMessages, openAiTools } from './openai-tools.ts';
import type { ModelSpec } from '../../core/model-spec.ts';
import { abortReason, startDeadline } from './deadline.ts';
import { classifyError, displayUrl, type ErrorContext } from './errors.ts';
import { OpenAiChunkReader, openAiResult } from './openai-result.ts';

/** Sent as the key to loopback servers that need none (the client insists on some value). */
const NO_KEY = 'not-needed';

/**
 * An OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, a hosted API) through the official
 * `openai` client: streamed chat completions with usage, the model list for preflight. The API key
 * comes from the environment and is kept out of every message, record and log.
 */
export async function createOpenAiBackend(spec: ModelSpec, options: BackendOptions): Promise<Backend> {
  if (!options.baseUrl) {
    throw new CliError(`'${spec.spec}' needs --base-url: the server's OpenAI-compatible root, e.g. http://127.0.0.1:8000/v1`);
  }
  let parsed: URL;
  try {
    parsed = new URL(options.baseUrl);
  } catch {
    throw new CliError(`--base-url '${displayUrl(options.baseUrl)}' is not a URL: use e.g. http://127.0.0.1:8000/v1`);
  }
  const envName = options.apiKeyEnv || 'OPENAI_API_KEY';
  const key = process.env[envName];
  if (!key && !isLoopback(parsed.hostname)) {
    throw new CliError(
      `${envName} is not set: ${displayUrl(options.baseUrl)} needs an API key — export ${envName}, or name another variable with --api-key-env`,
    );
  }
  return new OpenAiBackend(spec, options, options.baseUrl, key || NO_KEY, envName);
}

class OpenAiBackend implements Backend {
  readonly simulated = false;
  private readonly url: string;
  private readonly secrets: string[];
  private readonly client: OpenAI;

  constructor(
    readonly spec: ModelSpec,
    private readonly options: BackendOptions,
    baseUrl: string,
    apiKey: string,
    private readonly envName: string,
  ) {
    this.url = displayUrl(baseUrl);
    this.secrets = apiKey === NO_KEY ? [] : [apiKey];
    // Retries are ours (runner/retry.ts), and the SDK must not log response bodies to the console.
    // Its own timeout is a backstop a little after our deadline, which is the one reported.
    this.client = new OpenAI({ baseURL: baseUrl, apiKey, maxRetries: 0, timeout: options.requestTimeoutMs + 1_000, logLevel: 'off' });
  }

  async preflight(signal?: AbortSignal): Promise<void> {
    const deadline = startDeadline(this.options.requestTimeoutMs, signal);
    let ids: string[];
    try {
      const page = await this.client.models.list({ signal: deadline.signal });
      ids = page.data.map((model) => model.id);
    } catch (error) {
      if (deadline.cancelled()) throw abortReason(signal);
      const transport = classifyError(error, this.context('/models', 'request', deadline.timedOut()));
      throw this.preflightError(transport);
    } finally {
      deadline.clear();
    }
    if (!ids.includes(this.spec.name)) {
      const shown = ids.slice(0, 5).join(', ') || 'none';
      const more = ids.length > 5 ? ` (+${ids.length - 5} more)` : '';
      throw new CliError(`model '${this.spec.name}' is not served at ${this.url}; available: ${shown}${more}`);
    }
  }

  async describe(): Promise<ModelInfo> {
    return { name: this.spec.name, backend: 'openai', base_url: this.url };
  }

  async warmup(params: RequestParams, signal?: AbortSignal): Promise<void> {
    await this.complete('Reply with one word.', undefined, { ...params, max_tokens: 1 }, signal);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.complete(request.prompt, request.system, request.params, request.signal);
  }

  /** Chat Completions with `tools`: calls stream as `delta.tool_calls` fragments, `finish_reason: "tool_calls"`. */
  async chatWithTools(request: ToolChatRequest): Promise<ToolChatResult> {
    const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
    const { result, reader } = await this.stream(openAiMessages(request.messages), openAiTools(request.tools), promptChars, request.params, request.signal);
    const calls = reader.toolCalls.map((call, i) => ({ ...call, id: call.id || `call_${request.turn}_${i}` }));
    return { ...result, tool_calls: calls };
  }

  private async complete(prompt: string, system: string | undefined, params: RequestParams, signal?: AbortSignal): Promise<GenerateResult> {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      ...(system ? [{ role: 'system' as const, content: system }] : []),
      { role: 'user', content: prompt },
    ];
    return (await this.stream(messages, undefined, prompt.length + (system?.length ?? 0), params, signal)).result;
  }

  private async stream(
    messages: OpenAI.ChatCompletionMessageParam[],
    tools: OpenAI.ChatCompletionTool[] | undefined,
    promptChars: number,
    params: RequestParams,
    signal?: AbortSignal,
  ): Promise<{ result: GenerateResult; reader: OpenAiChunkReader }> {
    const deadline = startDeadline(this.options.requestTimeoutMs, signal);
    const reader = new OpenAiChunkReader();
    let phase: ErrorContext['phase'] = 'request';
    const started = performance.now();
    try {
      const stream = await this.send(
        {
          model: this.spec.name,
          messages,
          ...(tools ? { tools } : {}),
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: params.max_tokens,
          temperature: params.temperature,
          seed: params.seed,
        },
        deadline.signal,
      );
      phase = 'stream';
      for await (const chunk of stream) reader.add(chunk, performance.now() - started);
      // The SDK ends the loop quietly when aborted mid-stream, so the deadline is checked here.
      if (deadline.timedOut() || deadline.cancelled()) throw new Error('aborted mid-stream');
      if (reader.finishReason === null) {
        throw new TransportError('stream_cut', `${this.url}/chat/completions: stream from '${this.spec.name}' ended without a finish_reason`);
      }
    } catch (error) {
      if (deadline.cancelled()) throw abortReason(signal);
      throw classifyError(error, this.context('/chat/completions', phase, deadline.timedOut()));
    } finally {
      deadline.clear();
    }
    const result = openAiResult({
      text: reader.text,
      reasoning: reader.reasoning,
      finishReason: reader.finishReason,
      usage: reader.usage,
      timings: reader.timings,
      wallMs: performance.now() - started,
      ttftMs: reader.ttftMs,
      lastTokenMs: reader.lastTokenMs,
      promptChars,
    });
    return { result, reader };
  }

  /**
   * Sends one streamed completion, after two turns of setImmediate: they pass the event loop once
   * through its poll phase (one queued from an I/O callback runs before it), so a close the server
   * has already sent is seen and the pooled socket is dropped. llama.cpp's server announces
   * keep-alive yet closes the connection after every streamed answer; without the turn, the
   * sweep's own work between two requests left no chance to see it, the next request went out on
   * the dead socket, and every run paid a retry backoff (~270 ms). The rare close that arrives
   * later still is retried at once (errors.ts `retryAtOnce`).
   */
  private async send(body: OpenAI.ChatCompletionCreateParamsStreaming, signal: AbortSignal) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return this.client.chat.completions.create(body, { signal });
  }

  private context(path: string, phase: ErrorContext['phase'], timedOut: boolean): ErrorContext {
    return { url: `${this.url}${path}`, model: this.spec.name, phase, timedOut, timeoutMs: this.options.requestTimeoutMs, secrets: this.secrets };
  }

  private preflightError(transport: TransportError): CliError {
    const reason = transport.message.replace(/^\S+:? /, '');
    switch (transport.failureClass) {
      case 'connection_refused':
      case 'timeout':
        return new CliError(`cannot reach the OpenAI-compatible server at ${this.url}: ${reason} — start the server or check --base-url`);
      case 'model_not_found':
        return new CliError(`${this.url}/models was not found (HTTP 404): --base-url should be the API root, usually ending in /v1`);
      default:
        if (/HTTP 40[13]\b/.test(transport.message)) {
          return new CliError(`${this.url} rejected the API key (${/HTTP 40[13]/.exec(transport.message)![0]}): check ${this.envName}, or --api-key-env`);
        }
        return new CliError(`${this.url}/models failed: ${transport.message}`);
    }
  }
}

/** Local servers (vLLM, llama.cpp, LM Studio on this machine) usually need no key. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
