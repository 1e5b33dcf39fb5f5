import { describe, expect, it } from 'vitest';
import { parseModelSpec, printModelSpec, type ModelSpec } from '../../core/model-spec.ts';
import { CliError } from '../../lib/cli-error.ts';
import { mulberry32, randomIndex } from '../../lib/prng.ts';

const random = mulberry32(7_2026);
const FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const REST = `${FIRST}._:/@+-`;
const pick = (chars: string) => chars[randomIndex(random, chars.length)]!;

/** A valid name: first a letter or digit, then the allowed characters, never ending in ':'. */
function name(): string {
  let text = pick(FIRST);
  const length = randomIndex(random, 24);
  for (let i = 0; i < length; i++) text += pick(REST);
  return text.endsWith(':') ? `${text}0` : text;
}

function canonicalSpec(): string {
  const choice = randomIndex(random, 3);
  const body = name();
  if (choice === 0) return `openai:${body}`;
  if (choice === 1) return `sim:${body}`;
  // An Ollama name that starts with a prefix would read as that backend: not an Ollama spec.
  return /^(openai|sim):/.test(body) ? `x${body}` : body;
}

describe('model-spec grammar', () => {
  it('reads the three backends', () => {
    expect(parseModelSpec('qwen3:8b')).toEqual({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    expect(parseModelSpec('openai:gpt-4o-mini')).toEqual({ spec: 'openai:gpt-4o-mini', backend: 'openai', name: 'gpt-4o-mini' });
    expect(parseModelSpec('sim:small')).toEqual({ spec: 'sim:small', backend: 'sim', name: 'small' });
    expect(parseModelSpec(' sim:small ').spec).toBe('sim:small');
  });

  it('prints every canonical spec back unchanged (2000 seeded specs)', () => {
    for (let i = 0; i < 2000; i++) {
      const spec = canonicalSpec();
      const parsed = parseModelSpec(spec);
      expect(parsed.spec, spec).toBe(spec);
      expect(printModelSpec(parsed), spec).toBe(spec);
    }
  });

  it.each(['foo:', 'sim:', 'openai:', 'qwen3:8b:', ' sim: '])('refuses %j, whose name ends in a dangling colon', (spec) => {
    expect(() => parseModelSpec(spec)).toThrow(CliError);
    expect(() => parseModelSpec(spec)).toThrow(`bad model spec '${spec}': nothing after the ':'; use NAME:TAG for Ollama (qwen3:8b), openai:NAME, or sim:NAME`);
  });

  it.each(['', '   ', ':x', 'what is this', '-model', '.hidden', 'sim:-x', 'openai::x', 'a b', 'qwen3;8b', 'mo$del', 'sim:a b', 'é'])(
    'refuses %j with one line naming the forms',
    (spec) => {
      expect(() => parseModelSpec(spec)).toThrow(`bad model spec '${spec}': use NAME:TAG for Ollama (qwen3:8b), openai:NAME, or sim:NAME`);
    },
  );

  it('refuses generated junk with a CliError, and whatever it accepts prints back', () => {
    const chars = `${REST} !#$%&*;,?"'\\é\t`;
    for (let i = 0; i < 2000; i++) {
      const length = randomIndex(random, 8);
      let spec = random() < 0.3 ? pick('so') + (random() < 0.5 ? 'im:' : 'penai:') : '';
      for (let j = 0; j < length; j++) spec += pick(chars);
      let parsed: ModelSpec;
      try {
        parsed = parseModelSpec(spec);
      } catch (error) {
        expect(error, spec).toBeInstanceOf(CliError);
        expect((error as Error).message).toMatch(/^bad model spec '.*': .*sim:NAME$/s);
        continue;
      }
      expect(printModelSpec(parsed), spec).toBe(spec.trim());
      expect(parseModelSpec(printModelSpec(parsed))).toEqual(parsed);
    }
  });

  it('prints a recorded model as its spec', () => {
    expect(printModelSpec({ backend: 'ollama', name: 'qwen3:8b' })).toBe('qwen3:8b');
    expect(printModelSpec({ backend: 'openai', name: 'gpt-4o' })).toBe('openai:gpt-4o');
    expect(printModelSpec({ backend: 'sim', name: 'small' })).toBe('sim:small');
  });
});
