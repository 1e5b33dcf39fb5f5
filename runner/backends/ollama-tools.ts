import type { Message } from 'ollama';
import type { ChatMessage, ToolCall } from './backend.ts';

/**
 * The runner's conversation in Ollama's `/api/chat` terms: an assistant's calls go back as
 * `tool_calls[].function.{name, arguments}` with the arguments as an object, and each result as a
 * `role: "tool"` message naming its tool (`tool_name`). Arguments that never parsed cannot be sent
 * as an object; the loop stops the task before such a call is ever sent back.
 */
export function ollamaMessages(messages: readonly ChatMessage[]): Message[] {
  return messages.map((message) => {
    if (message.role === 'assistant') {
      return {
        role: 'assistant',
        content: message.content,
        ...(message.tool_calls.length > 0
          ? { tool_calls: message.tool_calls.map((call) => ({ function: { name: call.name, arguments: parseObject(call.arguments) } })) }
          : {}),
      };
    }
    if (message.role === 'tool') return { role: 'tool', content: message.content, tool_name: message.name };
    return { role: message.role, content: message.content };
  });
}

/**
 * Ollama's calls as the runner's: the arguments object becomes its JSON text (what the model
 * "said"), and calls without an id (older servers send none) get one from the turn and position.
 */
export function ollamaToolCalls(calls: NonNullable<Message['tool_calls']>, turn: number, before: number): ToolCall[] {
  return calls.map((call, i) => {
    const id = (call as { id?: unknown }).id;
    const args = call.function?.arguments;
    return {
      id: typeof id === 'string' && id !== '' ? id : `call_${turn}_${before + i}`,
      name: String(call.function?.name ?? ''),
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    };
  });
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
