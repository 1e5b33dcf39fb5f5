import { describe, expect, it } from 'vitest';
import { createSimBackend } from '../../../runner/backends/sim/sim-backend.ts';
import { breakCode } from '../../../runner/backends/sim/code-answer.ts';
import { rngFor } from '../../../runner/backends/sim/random.ts';
import { EnergySchema, TimingSchema, TokensSchema } from '../../../schema/run-record.ts';
import type { GenerateRequest } from '../../../runner/backends/backend.ts';

const options = { apiKeyEnv: 'OPENAI_API_KEY', ollamaHost: 'http://127.0.0.1:11434', requestTimeoutMs: 1000, seed: 7 };

function request(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    prompt: 'A tank holds 1,200 litres. How many litres are in three tanks? End with "Answer: <number>".',
    params: { temperature: 0, seed: 1234, max_tokens: 512 },
    task: { id: 'math_001', family: 'units', prompt: '...', reference: 3600, evaluator: 'numeric@1' },
    experiment: 'math_measurement_v1',
    arm: 'plain',
    repeat: 0,
    sample: 0,
    power: { request: '75', applied_w: null },
    ...overrides,
  };
}

async function backend(name: string, seed = 7) {
  return createSimBackend({ spec: `sim:${name}`, backend: 'sim', name }, { ...options, seed });
}

describe('sim backend', () => {
  it('refuses an unknown profile, naming the ones there are', async () => {
    await expect(backend('huge')).rejects.toThrow(/unknown simulator profile 'sim:huge'; available: sim:large, sim:medium, sim:small/);
  });

  it('is deterministic for a seed and varies with it', async () => {
    const a = await (await backend('small')).generate(request());
    const b = await (await backend('small')).generate(request());
    expect(b).toEqual(a);
    const texts = new Set<string>();
    for (let seed = 0; seed < 12; seed++) texts.add((await (await backend('small', seed)).generate(request())).text);
    expect(texts.size).toBeGreaterThan(1);
  });

  it('flags its energy and power level as simulated, with units that add up', async () => {
    const result = await (await backend('large')).generate(request());
    expect(EnergySchema.parse(result.energy)).toMatchObject({ method: 'simulated', valid: true });
    TimingSchema.parse(result.timing);
    TokensSchema.parse(result.tokens);
    expect(result.extra?.power_limit).toMatchObject({ request: '75', applied_w: 225, simulated: true });
    const energy = result.energy!;
    const seconds = result.timing.wall_ms / 1000;
    expect(energy.avg_power_w! * seconds).toBeCloseTo(energy.joules!, 1);
    expect(energy.peak_power_w!).toBeLessThanOrEqual(225);
  });

  it('is faster at a higher power limit and costs fewer joules per token near its sweet spot than at the bottom', async () => {
    const sim = await backend('large');
    const at = async (level: string) => sim.generate(request({ power: { request: level, applied_w: null } }));
    const low = await at('34');
    const high = await at('100');
    expect(high.timing.generation_ms!).toBeLessThan(low.timing.generation_ms!);
    const perToken = (r: Awaited<ReturnType<typeof at>>) => r.energy!.joules! / r.tokens.output!;
    expect(perToken(await at('60'))).toBeLessThan(perToken(low));
  });

  it('respects max_tokens by cutting the reply and saying so', async () => {
    const result = await (await backend('small')).generate(request({ params: { temperature: 0, seed: 1, max_tokens: 3 } }));
    expect(result.tokens.output).toBeLessThanOrEqual(3);
    if (result.text.length > 0) expect(result.done_reason).toBe('length');
  });

  it('answers a larger model correctly more often than a smaller one', async () => {
    const share = async (name: string) => {
      const sim = await backend(name);
      let right = 0;
      for (let i = 0; i < 200; i++) {
        const task = { id: `t${i}`, family: 'units', prompt: 'p', reference: 1000 + i, evaluator: 'numeric@1' };
        const { text } = await sim.generate(request({ task }));
        if (
          new RegExp(`(Answer:|####|answer is|\\*\\*Final answer:\\*\\*|boxed\\{)\\s*\\$?${(1000 + i).toLocaleString('en-US').replace(',', ',?')}\\b`).test(
            text,
          )
        )
          right++;
      }
      return right / 200;
    };
    const large = await share('large');
    const small = await share('small');
    expect(large).toBeGreaterThan(small + 0.1);
  });
});

describe('breakCode', () => {
  const source = 'def add(a, b):\n    """Add."""\n    return a + b\n';
  it('changes the entry point in one of the realistic ways', () => {
    const variants = new Set<string>();
    for (let i = 0; i < 40; i++) variants.add(breakCode(source, 'add', rngFor('break', i)));
    expect(variants.has(source)).toBe(false);
    expect([...variants].some((v) => v.startsWith('def add(a, b)\n'))).toBe(true);
    expect([...variants].some((v) => v.includes('raise NotImplementedError'))).toBe(true);
    expect([...variants].some((v) => v.includes('    return None'))).toBe(true);
  });
});
