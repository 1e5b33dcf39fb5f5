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

/**
 * A stand-in for an Ollama server (https://docs.ollama.com/api), speaking its wire format:
 * `POST /api/chat` streams NDJSON chunks `{model, created_at, message: {role, content, thinking?}, done: false}`
 * and a final `done: true` chunk carrying `done_reason` and the counters and durations
 * (durations in nanoseconds); `POST /api/show`, `GET /api/tags`, `GET /api/ps`, `GET /api/version`
 * answer as the real server does. Errors are `{"error": "..."}` JSON with the real statuses.
 */

/** A model the fake has "pulled". */
export interface FakeOllamaModel {
  name: string;
  digest?: string;
  family?: string;
  parameter_size?: string;
  quantization_level?: string;
  /** Bytes in memory once loaded, and how many of them sit in VRAM (equal: fully on the GPU). */
  size?: number;
  size_vram?: number;
  /** Already loaded before the first request (listed by `/api/ps`). */
  loaded?: boolean;
}

/**
 * A tool call the fake model makes. `arguments` is an object (what Ollama always sends) or, for the
 * OpenAI-compatible fake, any text, so a test can send arguments that are not JSON.
 */
export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

/** A reply: plain text, or the answer plus the reasoning a thinking model streams first, and any tool calls. */
export type FakeReply = string | { content: string; thinking?: string; tool_calls?: FakeToolCall[] };

export interface FakeOllamaOptions {
  models?: FakeOllamaModel[];
  /** The answer to a prompt (the last user message); the system prompt and whole body come along. */
  answer?: (prompt: string, body: OllamaChatBody) => FakeReply;
  faults?: FaultPlan;
  /** Reported durations, in nanoseconds as Ollama reports them. */
  loadNs?: number;
  promptNsPerToken?: number;
  evalNsPerToken?: number;
  chunkDelayMs?: number;
  firstChunkDelayMs?: number;
  version?: string;
}

export interface OllamaChatBody {
  model: string;
  messages: Array<{
    role: string;
    content: string;
    tool_calls?: Array<{ function: { name: string; arguments: Record<string, unknown> } }>;
    tool_name?: string;
  }>;
  /** `[{type: "function", function: {name, description, parameters}}]` */
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  stream?: boolean;
  think?: boolean | string;
  keep_alive?: string | number;
  options?: { temperature?: number; seed?: number; num_predict?: number; num_ctx?: number };
}

export interface FakeOllama {
  readonly url: string;
  readonly port: number;
  /** Every `/api/chat` request, in order. */
  readonly chats: SeenRequest[];
  /** Every request of any kind, `METHOD /path`. */
  readonly log: string[];
  /** The final `done: true` chunk of every answered chat, as sent (tests compare records with it). */
  readonly finals: Array<Record<string, unknown>>;
  /** Queues `fault` for the next `times` chat requests. */
  fail(fault: Fault, times?: number): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  close(): Promise<void>;
}

const DEFAULT_MODEL: FakeOllamaModel = {
  name: 'qwen3:8b',
  digest: '500a1f067a9f782620b40bee6f7b0c89e17ae61f686b92c24933e4ca4b2b8b41',
  family: 'qwen3',
  parameter_size: '8.2B',
  quantization_level: 'Q4_K_M',
  size: 6_200_000_000,
  size_vram: 6_200_000_000,
};

/** Ollama's template adds a few tokens around each message; the fake counts words plus this. */
const TEMPLATE_TOKENS = 9;

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = (options.models ?? [DEFAULT_MODEL]).map((m) => ({ ...DEFAULT_MODEL, ...m }));
  const loaded = new Set(models.filter((m) => m.loaded).map((m) => m.name));
  const faults = new FaultSource(options.faults);
  const chats: SeenRequest[] = [];
  const log: string[] = [];
  const finals: Array<Record<string, unknown>> = [];
  const find = (name: unknown) => models.find((m) => m.name === name || m.name === `${String(name)}:latest`);
  const notFound = (name: unknown) => ({ error: `model '${String(name)}' not found` });
  let server: FakeHttpServer;

  const handler = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0]!;
    log.push(`${request.method} ${path}`);
    const body = await readJsonBody(request);
    if (request.method === 'GET' && path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Ollama is running');
    } else if (request.method === 'GET' && path === '/api/version') {
      sendJson(response, 200, { version: options.version ?? '0.12.6' });
    } else if (request.method === 'GET' && path === '/api/tags') {
      sendJson(response, 200, { models: models.map(tagEntry) });
    } else if (request.method === 'GET' && path === '/api/ps') {
      sendJson(response, 200, { models: models.filter((m) => loaded.has(m.name)).map(psEntry) });
    } else if (request.method === 'POST' && path === '/api/show') {
      // Older clients send `name`, newer ones `model`; the server takes either.
      const { model: wanted, name } = (body ?? {}) as { model?: string; name?: string };
      const model = find(wanted ?? name);
      if (!model) sendJson(response, 404, notFound(wanted ?? name));
      else sendJson(response, 200, showEntry(model));
    } else if (request.method === 'POST' && path === '/api/chat') {
      const seen: SeenRequest = { index: chats.length, method: 'POST', path, headers: request.headers, body };
      chats.push(seen);
      await chat(seen, request, response);
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
    }
  };

  async function chat(seen: SeenRequest, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = seen.body as OllamaChatBody;
    if (typeof body !== 'object' || body === null || !Array.isArray(body.messages)) {
      return sendJson(response, 400, { error: 'invalid request body' });
    }
    const fault = faults.next(seen);
    if (await applyPreResponseFault(fault, request, server)) return;
    if (fault?.kind === 'model_not_found') return sendJson(response, 404, notFound(body.model));
    if (fault?.kind === 'http_status') {
      const headers = fault.retryAfterS === undefined ? {} : { 'Retry-After': String(fault.retryAfterS) };
      return sendJson(response, fault.status, { error: fault.message ?? `server error ${fault.status}` }, headers);
    }
    const model = find(body.model);
    if (!model) return sendJson(response, 404, notFound(body.model));
    loaded.add(model.name);

    const userMessages = body.messages.filter((m) => m.role === 'user');
    const prompt = userMessages.at(-1)?.content ?? '';
    const reply = normaliseReply(options.answer ? options.answer(prompt, body) : 'The answer is 42.');
    const thinkingTokens = body.think ? splitTokens(reply.thinking ?? '') : [];
    const limit = body.options?.num_predict ?? Infinity;
    const allContent = splitTokens(reply.content);
    // num_predict caps thinking and answer tokens together, as on the real server.
    const contentTokens = allContent.slice(0, Math.max(0, limit - thinkingTokens.length));
    const truncated = contentTokens.length < allContent.length;
    const promptTokens = body.messages.reduce((n, m) => n + splitTokens(m.content ?? '').length, 0) + TEMPLATE_TOKENS;
    const evalCount =
      thinkingTokens.length + contentTokens.length + (reply.tool_calls ?? []).reduce((n, call) => n + splitTokens(JSON.stringify(call)).length, 0);

    const line = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      `${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', ...message }, done: false, ...extra })}\n`;
    const chunks = [...thinkingTokens.map((t) => line({ content: '', thinking: t })), ...contentTokens.map((t) => line({ content: t }))];
    // Ollama parses the model's tool call itself and streams it whole in one chunk, its arguments an object.
    const calls = (reply.tool_calls ?? []).map((call) => ({
      function: { name: call.name, arguments: typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments },
    }));
    if (calls.length > 0)
      chunks.push(
        `${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '', tool_calls: calls }, done: false })}\n`,
      );
    const loadNs = options.loadNs ?? 21_000_000;
    const promptNs = promptTokens * (options.promptNsPerToken ?? 800_000);
    const evalNs = evalCount * (options.evalNsPerToken ?? 20_000_000);
    const finalFields = {
      done: true,
      done_reason: truncated ? 'length' : 'stop',
      total_duration: loadNs + promptNs + evalNs + 3_000_000,
      load_duration: loadNs,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: promptNs,
      eval_count: evalCount,
      eval_duration: evalNs,
    };
    finals.push(finalFields);
    const final = line({ content: '' }, finalFields);
    response.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Transfer-Encoding': 'chunked' });
    await writeStream(
      response,
      {
        chunks,
        tail: [final],
        malformed: `{"model":"${body.model}","created_at":"${new Date().toISOString()}","message":{"role":"assistant","content":"tru\n`,
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
    url: server.origin,
    port: server.port,
    chats,
    log,
    finals,
    fail: (fault, times) => faults.enqueue(fault, times),
    clearFaults: () => faults.clear(),
    close: () => server.close(),
  };
}

function normaliseReply(reply: FakeReply): Exclude<FakeReply, string> {
  return typeof reply === 'string' ? { content: reply } : reply;
}

function details(model: FakeOllamaModel) {
  return {
    parent_model: '',
    format: 'gguf',
    family: model.family,
    families: [model.family],
    parameter_size: model.parameter_size,
    quantization_level: model.quantization_level,
  };
}

function tagEntry(model: FakeOllamaModel) {
  return {
    name: model.name,
    model: model.name,
    modified_at: '2026-10-01T10:00:00.000000000Z',
    size: model.size,
    digest: model.digest,
    details: details(model),
  };
}

function psEntry(model: FakeOllamaModel) {
  return {
    name: model.name,
    model: model.name,
    size: model.size,
    digest: model.digest,
    details: details(model),
    expires_at: new Date(Date.now() + 300_000).toISOString(),
    size_vram: model.size_vram,
    context_length: 4096,
  };
}

/** `/api/show` carries no digest (that is in `/api/tags`), as on the real server. */
function showEntry(model: FakeOllamaModel) {
  return {
    modelfile: `FROM ${model.name}\n`,
    parameters: 'temperature 0.6\ntop_p 0.95',
    template: '{{ .Prompt }}',
    details: details(model),
    model_info: { 'general.architecture': model.family, 'general.parameter_count': 8_190_735_360 },
    capabilities: ['completion', 'thinking'],
    modified_at: '2026-10-01T10:00:00.000000000Z',
  };
}
