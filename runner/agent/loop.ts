import type { Failure } from '../../schema/run-record.ts';
import { WorldSchema, type AgentSuite, type ToolDef, type World } from '../../schema/agent-suite.ts';
import type { AgentTrace, AgentTurn } from '../../schema/agent-trace.ts';
import { canonicalJson, sha256Hex } from '../../lib/hash.ts';
import { CliError } from '../../lib/cli-error.ts';
import {
  TransportError,
  type Backend,
  type ChatMessage,
  type GenerateResult,
  type ToolCall,
  type ToolChatRequest,
  type ToolChatResult,
} from '../backends/backend.ts';
import { forbiddenBy } from './safety.ts';
import { ToolArgumentError, applyTool, checkArguments } from './tools.ts';
import { sumTurns } from './totals.ts';

/** An assistant message longer than this is cut in the record (the model still saw all of it). */
const CONTENT_CHARS = 4000;
/** More calls than this in one turn is a flood, not a plan: the task fails before any is run, and the record stays bounded. */
export const MAX_CALLS_PER_TURN = 16;

/** How a tool-use run ended, for the agent evaluator: the world before and after, and any stop. */
export interface AgentFinish {
  initial: World;
  world: World;
  /** Why the loop stopped the task (forbidden call, unknown tool, bad arguments, turn limit); null if it answered. */
  failure: Failure;
}

export interface AgentRunInput {
  backend: Backend;
  suite: AgentSuite;
  /** The user prompt (after the arm's template) and the task's starting world (`settings.world`). */
  prompt: string;
  world: unknown;
  /** Everything a turn's request carries besides the conversation. */
  request: Omit<ToolChatRequest, 'messages' | 'tools' | 'turn'>;
  /** Wraps each turn's request in the sweep's retries. */
  retry: (call: () => Promise<ToolChatResult>) => Promise<ToolChatResult>;
}

export interface AgentRun {
  /** The run as one result: the final answer as text, tokens and timing summed over the turns; null when a turn was lost in transport. */
  result: GenerateResult | null;
  /** The transport failure that ended the run, after the turn's retries. */
  transport?: TransportError;
  trace: AgentTrace;
  finish: AgentFinish;
}

/**
 * The multi-turn loop: ask, execute the tool calls in order through the safety gate, send the
 * results back, until the model answers without calls or the turn limit is reached. The first
 * forbidden call, unknown tool or malformed arguments ends the task there: later calls are not run.
 */
export async function runAgentTask(input: AgentRunInput): Promise<AgentRun> {
  const { backend, suite } = input;
  if (!backend.chatWithTools) throw new CliError(`'${backend.spec.spec}' cannot run tool-use suites: its backend has no tool-call API`);
  const chat = backend.chatWithTools.bind(backend);
  const tools = new Map(suite.tools.map((tool) => [tool.name, tool]));
  const initial = WorldSchema.parse(input.world ?? {});
  const state = { world: initial, failure: null as Failure, forbidden: null as AgentTrace['forbidden'] };
  const messages: ChatMessage[] = [...(suite.system ? [{ role: 'system' as const, content: suite.system }] : []), { role: 'user', content: input.prompt }];
  const turns: AgentTurn[] = [];
  const replies: ToolChatResult[] = [];
  let answer = '';
  for (let turn = 0; turn < suite.max_turns && state.failure === null; turn++) {
    const sent = messages.length;
    let reply: ToolChatResult;
    try {
      reply = await input.retry(() => chat({ ...input.request, messages: [...messages], tools: suite.tools.map(toolSpec), turn }));
    } catch (error) {
      // A turn lost in transport (after its retries) fails the run as transport, keeping the turns before it.
      if (!(error instanceof TransportError) || input.request.signal?.aborted) throw error;
      return { result: null, transport: error, trace: traceOf(suite, turns, state), finish: { initial, world: state.world, failure: state.failure } };
    }
    replies.push(reply);
    messages.push({ role: 'assistant', content: reply.text, tool_calls: reply.tool_calls });
    const record = turnRecord(turn, sent, reply);
    turns.push(record);
    if (reply.tool_calls.length === 0) {
      answer = reply.text;
      break;
    }
    if (reply.tool_calls.length > MAX_CALLS_PER_TURN) {
      state.failure = {
        stage: 'constraint',
        class: 'tool_call_flood',
        message: `turn ${turn}: ${reply.tool_calls.length} tool calls in one turn; at most ${MAX_CALLS_PER_TURN} are run (the record keeps the first ${MAX_CALLS_PER_TURN})`,
      };
      break;
    }
    for (const call of reply.tool_calls) {
      const content = executeCall(call, tools, suite, state, turn);
      if (content === null) break;
      const { kept, truncated } = capResult(content, suite.result_chars);
      record.tool_results.push({ tool_call_id: call.id, name: call.name, content: kept, truncated });
      messages.push({ role: 'tool', tool_call_id: call.id, name: call.name, content: kept });
    }
    if (state.failure === null && turn === suite.max_turns - 1) {
      state.failure = { stage: 'constraint', class: 'turn_limit', message: `no final answer within the turn limit of ${suite.max_turns} turns` };
    }
  }
  return {
    result: { ...sumTurns(replies), text: answer },
    trace: traceOf(suite, turns, state),
    finish: { initial, world: state.world, failure: state.failure },
  };
}

function traceOf(suite: AgentSuite, turns: AgentTurn[], state: { world: World; forbidden: AgentTrace['forbidden'] }): AgentTrace {
  return {
    tools: suite.tools.map((tool) => tool.name),
    max_turns: suite.max_turns,
    turns,
    final_state_hash: sha256Hex(canonicalJson(state.world)),
    forbidden: state.forbidden,
  };
}

/** Runs one call through the gate; returns what the tool answered, or null when the call ended the task. */
function executeCall(
  call: ToolCall,
  tools: Map<string, ToolDef>,
  suite: AgentSuite,
  state: { world: World; failure: Failure; forbidden: AgentTrace['forbidden'] },
  turn: number,
): string | null {
  const tool = tools.get(call.name);
  if (!tool) {
    state.failure = { stage: 'constraint', class: 'unknown_tool', message: clip(`turn ${turn}: unknown tool '${call.name}' (arguments ${call.arguments})`) };
    return null;
  }
  let args: Record<string, unknown>;
  try {
    args = checkArguments(tool, JSON.parse(call.arguments));
  } catch (error) {
    const why = error instanceof ToolArgumentError ? error.message : `${call.name}: arguments are not valid JSON`;
    state.failure = { stage: 'parse', class: 'tool_arguments', message: clip(`turn ${turn}: ${why}: ${call.arguments}`) };
    return null;
  }
  const rule = forbiddenBy(suite.forbidden, call.name, args);
  if (rule) {
    state.forbidden = { turn, tool: call.name, arguments: clip(call.arguments), reason: rule.reason };
    state.failure = {
      stage: 'constraint',
      class: 'forbidden_tool',
      message: clip(`turn ${turn}: ${call.name} ${call.arguments} is forbidden: ${rule.reason}`),
    };
    return null;
  }
  const effect = applyTool(tool, args, state.world);
  state.world = effect.world;
  return effect.result;
}

function turnRecord(index: number, requestMessages: number, reply: ToolChatResult): AgentTurn {
  const cut = reply.text.length > CONTENT_CHARS;
  return {
    index,
    request_messages: requestMessages,
    content: cut ? reply.text.slice(0, CONTENT_CHARS) : reply.text,
    ...(cut ? { content_truncated: true } : {}),
    tool_calls: reply.tool_calls.slice(0, MAX_CALLS_PER_TURN).map((call) => ({ id: call.id, name: call.name, arguments: clip(call.arguments) })),
    tool_results: [],
    done_reason: reply.done_reason,
    tokens: { prompt: reply.tokens.prompt, output: reply.tokens.output },
    wall_ms: reply.timing.wall_ms,
  };
}

/** A long tool result is cut for the model and the record alike, and says how much was left out. */
function capResult(content: string, limit: number): { kept: string; truncated: boolean } {
  if (content.length <= limit) return { kept: content, truncated: false };
  return { kept: `${content.slice(0, limit)}\n[cut: ${content.length - limit} more characters]`, truncated: true };
}

function toolSpec(tool: ToolDef) {
  return { name: tool.name, description: tool.description, parameters: tool.parameters };
}

/** Raw model text in a message or record stays bounded. */
function clip(text: string): string {
  return text.length > CONTENT_CHARS ? `${text.slice(0, CONTENT_CHARS)}…` : text;
}
