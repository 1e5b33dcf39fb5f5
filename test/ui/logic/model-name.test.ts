import { describe, expect, it } from 'vitest';
import { resolveModelName } from '../../../ui/logic/model-name.ts';

describe('resolveModelName', () => {
  const rows = [
    { model: 'fixture-sim', backend: 'sim' },
    { model: 'qwen3:8b', backend: 'ollama' },
  ];
  it('accepts the bare name or the backend spec', () => {
    expect(resolveModelName(rows, 'qwen3:8b')).toBe('qwen3:8b');
    expect(resolveModelName(rows, 'sim:fixture-sim')).toBe('fixture-sim');
    expect(resolveModelName(rows, 'ollama:nope')).toBeNull();
  });
});
