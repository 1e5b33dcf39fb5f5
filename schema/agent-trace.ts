import { z } from 'zod';

/**
 * The `agent` block of a tool-use run: every model turn with its tool calls and their results, so
 * the site can show the transcript. The run's tokens and model time are the sums over the turns.
 * Text is bounded: an assistant message or tool result past its cap is cut and says so.
 */
export const TraceToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The arguments exactly as the model sent them (a JSON text), kept even when they do not parse. */
  arguments: z.string(),
});

export const TraceToolResultSchema = z.object({
  tool_call_id: z.string(),
  name: z.string(),
  content: z.string(),
  truncated: z.boolean(),
});

export const AgentTurnSchema = z.object({
  index: z.number().int().nonnegative(),
  /** How many messages the request of this turn carried (system, user, assistant and tool messages). */
  request_messages: z.number().int().nonnegative(),
  content: z.string(),
  content_truncated: z.boolean().optional(),
  tool_calls: z.array(TraceToolCallSchema),
  /** What the tools answered: the messages the next request adds. */
  tool_results: z.array(TraceToolResultSchema),
  done_reason: z.string().nullable(),
  tokens: z.object({ prompt: z.number().int().nonnegative().nullable(), output: z.number().int().nonnegative().nullable() }),
  wall_ms: z.number().finite().nonnegative(),
});

export const ForbiddenCallSchema = z.object({
  turn: z.number().int().nonnegative(),
  tool: z.string(),
  arguments: z.string(),
  reason: z.string(),
});

export const AgentTraceSchema = z.object({
  /** The tools offered, by name. */
  tools: z.array(z.string()),
  max_turns: z.number().int().positive(),
  turns: z.array(AgentTurnSchema),
  /** sha256 of the final fake world (canonical JSON); null when the run stopped before it was scored. */
  final_state_hash: z.string().nullable().optional(),
  /** The call the safety gate stopped: the task failed there, and the call was never executed. */
  forbidden: ForbiddenCallSchema.nullable().optional(),
});

export type AgentTrace = z.infer<typeof AgentTraceSchema>;
export type AgentTurn = z.infer<typeof AgentTurnSchema>;
