import { describe, expect, it } from 'vitest';
import { OpenAiChunkReader, openAiResult } from '../../../runner/backends/openai-result.ts';

/** Literal chunks in the shape llama.cpp server streams (content, reasoning, finish + timings, usage). */
const chunks: Array<Record<string, unknown>> = [
  { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { reasoning_content: 'Six times seven.' }, finish_reason: null }] },
  { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'The answer' }, finish_reason: null }] },
  { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: ' is 42.' }, finish_reason: null }] },
  {
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    timings: { prompt_n: 12, prompt_ms: 9.5, predicted_n: 6, predicted_ms: 120, cache_n: 0, predicted_per_second: 41.67 },
  },
  { id: 'c1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } },
];

function read(list: unknown[]): OpenAiChunkReader {
  const reader = new OpenAiChunkReader();
  for (const [i, chunk] of list.entries()) reader.add(chunk, 100 + i * 10);
  return reader;
}

describe('OpenAiChunkReader', () => {
  it('gathers answer, reasoning, finish reason, usage and timings', () => {
    const reader = read(chunks);
    expect(reader.text).toBe('The answer is 42.');
    expect(reader.reasoning).toBe('Six times seven.');
    expect(reader.finishReason).toBe('stop');
    expect(reader.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 6 });
    expect(reader.timings).toMatchObject({ predicted_ms: 120 });
    // The first delta with text (the reasoning) sets TTFT; the role-only chunk does not.
    expect(reader.ttftMs).toBe(110);
    expect(reader.lastTokenMs).toBe(130);
  });

  it('rejects chunks of the wrong shape', () => {
    expect(() => new OpenAiChunkReader().add('nope', 0)).toThrow(TypeError);
    expect(() => new OpenAiChunkReader().add({ choices: {} }, 0)).toThrow(TypeError);
  });
});

describe('openAiResult', () => {
  const base = (reader: OpenAiChunkReader) => ({
    text: reader.text,
    reasoning: reader.reasoning,
    finishReason: reader.finishReason,
    usage: reader.usage,
    timings: reader.timings,
    wallMs: 180,
    ttftMs: reader.ttftMs,
    lastTokenMs: reader.lastTokenMs,
    promptChars: 48,
  });

  it('uses usage for tokens and llama.cpp timings for prompt and generation time, keeping timings as sent', () => {
    const result = openAiResult(base(read(chunks)));
    expect(result.tokens).toEqual({ prompt: 12, output: 6, source: 'server' });
    expect(result.timing).toEqual({ wall_ms: 180, ttft_ms: 110, prompt_ms: 9.5, generation_ms: 120 });
    expect(result.extra).toEqual({ timing_source: 'server', timings: chunks[4]!['timings'] });
    expect(result.thinking).toBe('Six times seven.');
    expect(result.done_reason).toBe('stop');
  });

  it('without usage or timings: estimated tokens and client-measured generation time', () => {
    const finish = { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'length' }] };
    const reader = read([...chunks.slice(0, 4), finish]);
    const result = openAiResult(base(reader));
    expect(result.tokens).toEqual({ prompt: 12, output: Math.ceil(('The answer is 42.'.length + 'Six times seven.'.length) / 4), source: 'estimate' });
    expect(result.timing.generation_ms).toBe(20);
    expect(result.timing).not.toHaveProperty('prompt_ms');
    expect(result.extra).toEqual({ timing_source: 'client' });
    expect(result.done_reason).toBe('length');
  });
});
