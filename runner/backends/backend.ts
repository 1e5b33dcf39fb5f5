import type { Energy, ModelInfo, Params, Tokens, Timing } from '../../schema/run-record.ts';
import type { Task } from '../../schema/experiment.ts';
import type { ModelSpec } from '../../core/model-spec.ts';

export interface BackendOptions {
  /** `--base-url` for `openai:` models. */
  baseUrl?: string;
  /** Name of the environment variable holding an API key (`--api-key-env`, default OPENAI_API_KEY). */
  apiKeyEnv: string;
  /** Ollama's address: `OLLAMA_HOST`, default http://127.0.0.1:11434. */
  ollamaHost: string;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** The sweep's seed: the simulator derives every draw from it. */
  seed: number;
}

/** The parameters a request is sent with: the runner always knows them, though a record may say null. */
export type RequestParams = Params & { [Key in 'temperature' | 'seed' | 'max_tokens']: NonNullable<Params[Key]> };

/** A backend's timing of one request: the runner always measures the wall time. */
export type MeasuredTiming = Timing & { wall_ms: number };

export interface GenerateRequest {
  prompt: string;
  system?: string;
  params: RequestParams;
  /** The task being answered: only the simulator looks at it (to answer from its reference). */
  task: Task & { evaluator: string };
  experiment: string;
  arm: string;
  repeat: number;
  sample: number;
  /** The power level in force: the simulator scales speed and power by it; real backends ignore it. */
  power: { applied_w: number | null; request: string | null };
  signal?: AbortSignal;
  /** Set when this request asks a judge to grade a reply: only the simulator reads it (to play a judge). */
  judging?: JudgingHint;
}

/** The texts a judge request grades, for the simulator's judge; real servers see only the prompt. */
export interface JudgingHint {
  reply: string;
  reference: string;
  order: 'reply_first' | 'reference_first';
}

export interface GenerateResult {
  text: string;
  thinking?: string;
  done_reason: string | null;
  tokens: Tokens;
  timing: MeasuredTiming;
  /** Only the simulator reports energy itself; real runs are measured by the GPU sampler. */
  energy?: Energy;
  /** Backend-specific extras kept in the record's params (e.g. llama.cpp `timings`). */
  extra?: Record<string, unknown>;
}

/** A tool call as the model made it: the arguments are kept as raw JSON text, parsed by the loop. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A conversation message in the runner's own terms; each backend maps it to its wire format. */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; name: string; content: string };

/** A tool as offered to the model: its name, what it does, its JSON-schema parameters. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolChatRequest extends Omit<GenerateRequest, 'prompt' | 'system'> {
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** The turn this request starts (0 first): the simulator plays its script from it. */
  turn: number;
}

export interface ToolChatResult extends GenerateResult {
  tool_calls: ToolCall[];
}

/**
 * A model server. Network and process effects live behind this interface, so the sweep loop
 * is the same for Ollama, OpenAI-compatible servers and the simulator.
 */
export interface Backend {
  readonly spec: ModelSpec;
  readonly simulated: boolean;
  /**
   * Fails with one clear CliError line (URL, how to start it) when the server cannot be used.
   * Every method takes the sweep's stop signal: once it aborts, the request in flight is cut
   * short and its abort reason is thrown (never a transport failure).
   */
  preflight(signal?: AbortSignal): Promise<void>;
  /** Model facts for the record (digest, size, quantization, residency). */
  describe(signal?: AbortSignal): Promise<ModelInfo>;
  /**
   * One unrecorded request so load time does not pollute the first measured run. Throws its
   * TransportError: the sweep retries it and decides whether a failure stops the sweep.
   */
  warmup(params: RequestParams, signal?: AbortSignal): Promise<void>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /**
   * One turn of a tool-use conversation (runner/agent/loop.ts): the messages so far and the tools
   * offered; the reply's text and tool calls. Every backend the runner ships implements it.
   */
  chatWithTools?(request: ToolChatRequest): Promise<ToolChatResult>;
  /** Re-reads where the weights sit now (Ollama `/api/ps`); absent where the server cannot tell. */
  residency?(signal?: AbortSignal): Promise<ModelInfo['residency']>;
}

/** A transport-level problem the sweep retries, then records as failure stage `transport`. */
export class TransportError extends Error {
  readonly failureClass: string;
  readonly retryable: boolean;
  /** The first retry need not wait: the connection, not the server, failed (see errors.ts). */
  retryAtOnce = false;
  constructor(failureClass: string, message: string, retryable = true) {
    super(message);
    this.name = 'TransportError';
    this.failureClass = failureClass;
    this.retryable = retryable;
  }
}
