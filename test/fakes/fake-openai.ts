import type http from 'node:http';
import {
  FaultSource,
  applyPreResponseFault,
  readJsonBody,
  sendJson,
  splitTokens,
  startHttpServer,
  writeStream,
  type Fault,
  type FaultPlan,
  type FakeHttpServer,
  type SeenRequest,
} from './fake-http-server.ts';
import type { FakeReply } from './fake-ollama.ts';

/**
 * A stand-in for an OpenAI-compatible server (vLLM, llama.cpp server, a hosted API), speaking the
 * Chat Completions wire format under `/v1`: `GET /v1/models` lists model ids; `POST /v1/chat/completions`
 * with `stream: true` answers with Server-Sent Events, `data: {chat.completion.chunk}\n\n` each
 * carrying `choices[0].delta.content` (or `reasoning_content`), a chunk with `finish_reason`, a
 * usage chunk (`choices: []`) when `stream_options.include_usage` is set, optionally llama.cpp's
 * `timings`, and `data: [DONE]\n\n`. Errors use OpenAI's `{"error": {message, type, param, code}}`.
 */

export interface FakeOpenAiOptions {
  models?: string[];
  answer?: (prompt: string, body: OpenAiChatBody) => FakeReply;
  faults?: FaultPlan;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; others get 401. */
  apiKey?: string;
  /** Add llama.cpp-style `timings` to the final chunk. */
  llamaCppTimings?: boolean;
  promptMsPerToken?: number;
  predictedMsPerToken?: number;
  /** Honour `stream_options.include_usage` (some older servers ignore it: set false to mimic them). */
  supportsUsage?: boolean;
  chunkDelayMs?: number;
  firstChunkDelayMs?: number;
}

export interface OpenAiChatBody {
  model: string;
  messages: Array<{
    role: string;
    content: string | null;
    tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
    tool_call_id?: string;
  }>;
  /** `[{type: "function", function: {name, description, parameters}}]` */
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  temperature?: number;
  seed?: number;
}

export interface FakeOpenAi {
  /** The base URL a client is given, ending in `/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly chats: SeenRequest[];
  /** Every request: `METHOD /path authorization-header-or-none`. */
  readonly log: Array<{ method: string; path: string; authorization: string | undefined }>;
  /** The usage and llama.cpp timings of every answered completion, as sent. */
  readonly finals: Array<{ usage: Record<string, number>; timings: Record<string, number> | null }>;
  fail(fault: Fault, times?: number): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  close(): Promise<void>;
}

const TEMPLATE_TOKENS = 7;

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const models = options.models ?? ['fake-model'];
  const faults = new FaultSource(options.faults);
  const chats: SeenRequest[] = [];
  const log: FakeOpenAi['log'] = [];
  const finals: FakeOpenAi['finals'] = [];
  const created = Math.floor(Date.now() / 1000);
  let server: FakeHttpServer;

  const error = (response: http.ServerResponse, status: number, message: string, type: string, code: string | null, headers = {}) =>
    sendJson(response, status, { error: { message, type, param: null, code } }, headers);

  const handler = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0]!;
    log.push({ method: request.method ?? '', path, authorization: request.headers.authorization });
    const body = await readJsonBody(request);
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      // Some proxies echo the key they were sent; the client must keep it out of anything it records.
      const sent = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      return error(response, 401, `Incorrect API key provided: ${sent}.`, 'invalid_request_error', 'invalid_api_key');
    }
    if (request.method === 'GET' && path === '/v1/models') {
      return sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created, owned_by: 'fake' })) });
    }
    if (request.method === 'POST' && path === '/v1/chat/completions') {
      const seen: SeenRequest = { index: chats.length, method: 'POST', path, headers: request.headers, body };
      chats.push(seen);
      return completion(seen, request, response);
    }
    return error(response, 404, `Unknown request URL: ${request.method} ${path}.`, 'invalid_request_error', null);
  };

  async function completion(seen: SeenRequest, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = seen.body as OpenAiChatBody;
    if (typeof body !== 'object' || body === null || !Array.isArray(body.messages)) {
      return error(response, 400, 'Invalid request body', 'invalid_request_error', null);
    }
    const fault = faults.next(seen);
    if (await applyPreResponseFault(fault, request, server)) return;
    const missing = () =>
      error(response, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    if (fault?.kind === 'model_not_found' || !models.includes(body.model)) return missing();
    if (fault?.kind === 'http_status') {
      const headers = fault.retryAfterS === undefined ? {} : { 'Retry-After': String(fault.retryAfterS) };
      const type = fault.status === 429 ? 'rate_limit_exceeded' : 'server_error';
      return error(response, fault.status, fault.message ?? `The server had an error (${fault.status}).`, type, null, headers);
    }

    const prompt = body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const raw = options.answer ? options.answer(prompt, body) : 'The answer is 42.';
    const reply = typeof raw === 'string' ? { content: raw } : raw;
    const reasoning = splitTokens(reply.thinking ?? '');
    const allContent = splitTokens(reply.content);
    const limit = body.max_tokens ?? Infinity;
    const content = allContent.slice(0, Math.max(0, limit - reasoning.length));
    const calls = (reply.tool_calls ?? []).map((call, i) => ({
      id: `call_${seen.index}_${i}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    const finishReason = calls.length > 0 ? 'tool_calls' : content.length < allContent.length ? 'length' : 'stop';
    const promptTokens = body.messages.reduce((n, m) => n + splitTokens(m.content ?? '').length, 0) + TEMPLATE_TOKENS;
    const completionTokens = reasoning.length + content.length + calls.reduce((n, call) => n + splitTokens(`${call.name} ${call.arguments}`).length, 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const promptMs = promptTokens * (options.promptMsPerToken ?? 0.75);
    const predictedMs = completionTokens * (options.predictedMsPerToken ?? 18);
    // llama.cpp's own rate; kept as the server sends it so a test can check it is not copied.
    const timings = {
      cache_n: 0,
      prompt_n: promptTokens,
      prompt_ms: promptMs,
      prompt_per_token_ms: promptMs / promptTokens,
      prompt_per_second: (promptTokens / promptMs) * 1000,
      predicted_n: completionTokens,
      predicted_ms: predictedMs,
      predicted_per_token_ms: completionTokens > 0 ? predictedMs / completionTokens : 0,
      predicted_per_second: completionTokens > 1 ? ((completionTokens - 1) / predictedMs) * 1000 : 0,
    };
    finals.push({ usage, timings: options.llamaCppTimings ? timings : null });
    const id = `chatcmpl-${seen.index}`;
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    });

    if (!body.stream) {
      return sendJson(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: calls.length > 0 && content.length === 0 ? null : content.join(''),
              ...(calls.length > 0
                ? { tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }
                : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
        ...(options.llamaCppTimings ? { timings } : {}),
      });
    }
    const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
    const chunks = [
      sse(chunk({ role: 'assistant', content: '' }, null)),
      ...reasoning.map((t) => sse(chunk({ reasoning_content: t }, null))),
      ...content.map((t) => sse(chunk({ content: t }, null))),
      ...calls.flatMap((call, index) => toolCallChunks(call, index).map((delta) => sse(chunk({ tool_calls: [delta] }, null)))),
    ];
    const wantsUsage = body.stream_options?.include_usage === true && options.supportsUsage !== false;
    const tail = [sse(chunk({}, finishReason, options.llamaCppTimings ? { timings } : {}))];
    if (wantsUsage) tail.push(sse({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_fake', choices: [], usage }));
    tail.push('data: [DONE]\n\n');
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    await writeStream(
      response,
      {
        chunks,
        tail,
        malformed: `data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"tru\n\n`,
        chunkDelayMs: options.chunkDelayMs ?? 0,
        firstChunkDelayMs: options.firstChunkDelayMs ?? 0,
      },
      fault,
    );
  }

  server = await startHttpServer((request, response) => {
    handler(request, response).catch(() => response.destroy());
  });
  return {
    baseUrl: `${server.origin}/v1`,
    port: server.port,
    chats,
    log,
    finals,
    fail: (fault, times) => faults.enqueue(fault, times),
    clearFaults: () => faults.clear(),
    close: () => server.close(),
  };
}

/**
 * A tool call as OpenAI streams it: the first fragment carries `index`, `id`, `type` and the name with
 * empty arguments; the arguments then follow in pieces, each fragment naming only its `index`.
 */
function toolCallChunks(call: { id: string; name: string; arguments: string }, index: number): Array<Record<string, unknown>> {
  const pieces = call.arguments.match(/[\s\S]{1,7}/g) ?? [];
  return [
    { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
    ...pieces.map((piece) => ({ index, function: { arguments: piece } })),
  ];
}
