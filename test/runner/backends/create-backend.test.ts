import { describe, expect, it } from 'vitest';
import { parseModelSpec } from '../../../runner/backends/create-backend.ts';
import { CliError } from '../../../lib/cli-error.ts';

describe('parseModelSpec', () => {
  it('reads the three backends', () => {
    expect(parseModelSpec('qwen3:8b')).toEqual({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    expect(parseModelSpec('openai:gpt-4o-mini')).toEqual({ spec: 'openai:gpt-4o-mini', backend: 'openai', name: 'gpt-4o-mini' });
    expect(parseModelSpec('sim:small')).toEqual({ spec: 'sim:small', backend: 'sim', name: 'small' });
  });

  it.each(['foo:', 'sim:', 'openai:', 'qwen3:8b:'])('refuses %j, whose name ends in a dangling colon', (spec) => {
    expect(() => parseModelSpec(spec)).toThrow(CliError);
    expect(() => parseModelSpec(spec)).toThrow(`bad model spec '${spec}': nothing after the ':'`);
  });

  it('refuses an empty spec and spaces', () => {
    expect(() => parseModelSpec('')).toThrow(/bad model spec ''/);
    expect(() => parseModelSpec('what is this')).toThrow(/bad model spec/);
  });
});
