import type OpenAI from 'openai';
import type { ChatMessage, ToolSpec } from './backend.ts';

/**
 * The runner's conversation in Chat Completions terms: an assistant's calls go back as
 * `tool_calls[] {id, type: "function", function: {name, arguments}}` with the arguments as the
 * JSON text the model wrote, and each result as a `role: "tool"` message with its `tool_call_id`.
 */
export function openAiMessages(messages: readonly ChatMessage[]): OpenAI.ChatCompletionMessageParam[] {
  return messages.map((message): OpenAI.ChatCompletionMessageParam => {
    if (message.role === 'assistant') {
      if (message.tool_calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content === '' ? null : message.content,
        tool_calls: message.tool_calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
      };
    }
    if (message.role === 'tool') return { role: 'tool', tool_call_id: message.tool_call_id, content: message.content };
    return { role: message.role, content: message.content };
  });
}

export function openAiTools(tools: readonly ToolSpec[]): OpenAI.ChatCompletionTool[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}
