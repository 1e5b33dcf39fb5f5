import { describe, expect, it } from 'vitest';
import { NdjsonChecker } from '../../../runner/backends/ollama-fetch.ts';

const line = (object: unknown) => `${JSON.stringify(object)}\n`;

describe('NdjsonChecker', () => {
  it('accepts well-formed lines split anywhere across pieces', () => {
    const text = line({ message: { content: 'a' }, done: false }) + line({ message: { content: '' }, done: true, eval_count: 3 });
    const checker = new NdjsonChecker();
    for (let i = 0; i < text.length; i += 7) expect(checker.push(text.slice(i, i + 7))).toBeNull();
    expect(checker.end()).toBeNull();
  });

  it('reports a line cut mid-JSON', () => {
    const checker = new NdjsonChecker();
    expect(checker.push(line({ done: false }))).toBeNull();
    expect(checker.push('{"message":{"content":"tru\n')).toEqual({ kind: 'bad_json', line: '{"message":{"content":"tru' });
  });

  it("reports Ollama's in-stream error object", () => {
    const problem = new NdjsonChecker().push(line({ error: 'an error was encountered while running the model' }));
    expect(problem).toEqual({ kind: 'server_error', line: 'an error was encountered while running the model' });
  });

  it('checks an unterminated last line at the end', () => {
    const checker = new NdjsonChecker();
    expect(checker.push('{"done":tr')).toBeNull();
    expect(checker.end()).toMatchObject({ kind: 'bad_json' });
  });
});
