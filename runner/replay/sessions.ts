import { z } from 'zod';
import { RUN_SCHEMA, RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';

/** One recorded exchange to replay: the prompt as sent and the answer that came back. */
export interface Session {
  line: number;
  /** Unique within the file: the task id of the replay suite. */
  id: string;
  prompt: string;
  system?: string;
  answer: string;
  /** The record it came from, when the file is a ledger: its model, tokens, time and energy stand as history's. */
  record?: RunRecord;
  /** Who answered, as the file says (`model` of a chat line); null when it does not say. */
  model: string | null;
}

/** A line that cannot be replayed, kept whole with why. */
export interface BadSession {
  line: number;
  raw: string;
  class: 'session_not_json' | 'session_missing_role' | 'session_invalid_record' | 'session_no_answer';
  message: string;
}

const MessageSchema = z.object({ role: z.string(), content: z.string() });
const ChatLineSchema = z.object({ messages: z.array(z.unknown()).min(1), model: z.string().min(1).optional() });

/**
 * Reads a sessions file: OpenAI-style chat lines (`{"messages": [{role, content}, ...]}` ending with the
 * assistant's answer) or the records of an earlier ledger. Every line is either a session or a bad
 * session with its raw text: nothing is dropped, nothing throws.
 */
export function parseSessions(text: string): { sessions: Session[]; bad: BadSession[] } {
  const sessions: Session[] = [];
  const bad: BadSession[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      bad.push({ line, raw, class: 'session_not_json', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const result = (value as { schema?: unknown } | null)?.schema === RUN_SCHEMA ? fromRecord(value, line) : fromChat(value, line);
    if ('message' in result) bad.push({ ...result, raw });
    else sessions.push(result);
  });
  return { sessions, bad };
}

function fromRecord(value: unknown, line: number): Session | Omit<BadSession, 'raw'> {
  const parsed = RunRecordSchema.safeParse(value);
  if (!parsed.success) return { line, class: 'session_invalid_record', message: `not a valid ${RUN_SCHEMA} record: ${parsed.error.issues[0]!.message}` };
  const record = parsed.data;
  if (record.request === undefined)
    return { line, class: 'session_missing_role', message: 'the record kept no request.prompt: there is no user turn to replay' };
  if (record.failure?.stage === 'transport')
    return { line, class: 'session_no_answer', message: 'the recorded run failed in transport: there is no answer to agree with' };
  if (record.response.text === null)
    return {
      line,
      class: 'session_no_answer',
      message: 'the record kept no response text (imported from a harness that did not keep it): there is no answer to agree with',
    };
  const id = `${record.experiment}/${record.task.id}/${record.arm}/r${record.repeat}s${record.sample ?? 0}/${record.power_limit.request ?? 'default'}`;
  return {
    line,
    id,
    prompt: record.request.prompt,
    ...(record.request.system === undefined ? {} : { system: record.request.system }),
    answer: record.response.text,
    record,
    model: null,
  };
}

function fromChat(value: unknown, line: number): Session | Omit<BadSession, 'raw'> {
  const chat = ChatLineSchema.safeParse(value);
  if (!chat.success) return { line, class: 'session_missing_role', message: 'expected {"messages": [{"role", "content"}, ...]}' };
  const messages = [];
  for (const [i, message] of chat.data.messages.entries()) {
    const parsed = MessageSchema.safeParse(message);
    if (!parsed.success) return { line, class: 'session_missing_role', message: `messages[${i}] has no role or no text content` };
    messages.push(parsed.data);
  }
  const last = messages.at(-1)!;
  if (last.role !== 'assistant') return { line, class: 'session_missing_role', message: `the last message is '${last.role}', not the assistant's answer` };
  const turns = messages.slice(0, -1).filter((m) => m.role !== 'system');
  if (!turns.some((m) => m.role === 'user')) return { line, class: 'session_missing_role', message: 'no user message before the answer' };
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  // One user turn is sent as is; a longer conversation as a labelled transcript, ending on the last user turn.
  const prompt = turns.length === 1 ? turns[0]!.content : turns.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`).join('\n\n');
  return {
    line,
    id: `line-${line}`,
    prompt,
    ...(system.length === 0 ? {} : { system: system.join('\n\n') }),
    answer: last.content,
    model: chat.data.model ?? null,
  };
}
