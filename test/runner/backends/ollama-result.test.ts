import { describe, expect, it } from 'vitest';
import { TimingSchema, TokensSchema } from '../../../schema/run-record.ts';
import { nsToMs, ollamaResult, placementOf, residencyFrom, type OllamaStreamOutcome } from '../../../runner/backends/ollama-result.ts';

const outcome = (over: Partial<OllamaStreamOutcome> = {}): OllamaStreamOutcome => ({
  text: 'The answer is 42.',
  thinking: '',
  final: {
    done_reason: 'stop',
    total_duration: 4_353_619_900,
    load_duration: 63_915_300,
    prompt_eval_count: 10,
    prompt_eval_duration: 246_847_000,
    eval_count: 17,
    eval_duration: 4_032_296_000,
  },
  wallMs: 4400,
  ttftMs: 320,
  promptChars: 40,
  sent: { options: { temperature: 0, seed: 1, num_predict: 64 } },
  ...over,
});

describe('ollamaResult', () => {
  it('converts the server durations from nanoseconds to milliseconds', () => {
    const result = ollamaResult(outcome());
    expect(result.timing).toEqual({ wall_ms: 4400, ttft_ms: 320, load_ms: 63.9153, prompt_ms: 246.847, generation_ms: 4032.296 });
    expect(TimingSchema.parse(result.timing)).toEqual(result.timing);
    expect(result.extra).toMatchObject({ ollama: { server_total_ms: 4353.6199, options: { num_predict: 64 } } });
  });

  it("takes the server's token counts when both are present", () => {
    const result = ollamaResult(outcome());
    expect(result.tokens).toEqual({ prompt: 10, output: 17, source: 'server' });
    expect(result.done_reason).toBe('stop');
  });

  it('estimates (chars / 4) and says so when a count is missing', () => {
    const result = ollamaResult(outcome({ final: { done_reason: 'stop', eval_count: 17 }, text: 'x'.repeat(30), thinking: 'y'.repeat(10) }));
    expect(result.tokens).toEqual({ prompt: 10, output: 10, source: 'estimate' });
    expect(TokensSchema.parse(result.tokens).source).toBe('estimate');
  });

  it('keeps thinking apart from the answer, and omits it when empty', () => {
    expect(ollamaResult(outcome({ thinking: 'let me see' }))).toMatchObject({ text: 'The answer is 42.', thinking: 'let me see' });
    expect(ollamaResult(outcome())).not.toHaveProperty('thinking');
  });

  it('leaves out timings the server did not send', () => {
    const result = ollamaResult(outcome({ final: {}, ttftMs: undefined }));
    expect(result.timing).toEqual({ wall_ms: 4400 });
    expect(result.done_reason).toBeNull();
  });
});

describe('nsToMs', () => {
  it('divides by a million and rejects non-durations', () => {
    expect(nsToMs(1_500_000_000)).toBe(1500);
    expect(nsToMs(undefined)).toBeUndefined();
    expect(nsToMs(-1)).toBeUndefined();
  });
});

describe('residency', () => {
  it('gpu when all in VRAM, hybrid when split, cpu when none, unknown when not loaded', () => {
    expect(placementOf(100, 100)).toBe('gpu');
    expect(placementOf(100, 40)).toBe('hybrid');
    expect(placementOf(100, 0)).toBe('cpu');
    expect(placementOf(null, null)).toBe('unknown');
    expect(residencyFrom({ size: 6_591_830_464, size_vram: 5_333_539_264 })).toEqual({
      placement: 'hybrid',
      size_bytes: 6_591_830_464,
      size_vram_bytes: 5_333_539_264,
    });
    expect(residencyFrom(undefined)).toEqual({ placement: 'unknown', size_bytes: null, size_vram_bytes: null });
  });
});
