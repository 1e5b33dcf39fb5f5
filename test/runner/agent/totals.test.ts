import { describe, expect, it } from 'vitest';
import { sumTurns } from '../../../runner/agent/totals.ts';
import type { ToolChatResult } from '../../../runner/backends/backend.ts';

const turn = (over: Partial<ToolChatResult> = {}): ToolChatResult => ({
  text: '',
  tool_calls: [],
  done_reason: 'tool_calls',
  tokens: { prompt: 100, output: 10, source: 'server' },
  timing: { wall_ms: 50, prompt_ms: 20, generation_ms: 25, ttft_ms: 22 },
  ...over,
});

const energy = (joules: number, peak: number) => ({
  method: 'simulated' as const,
  joules,
  net_joules: joules / 2,
  peak_power_w: peak,
  samples: 2,
  valid: true,
  reason: 'simulated',
});

describe('sums over turns', () => {
  it('adds tokens and times, keeps the first ttft and the last done reason', () => {
    const total = sumTurns([
      turn(),
      turn({
        tokens: { prompt: 130, output: 4, source: 'server' },
        done_reason: 'stop',
        timing: { wall_ms: 30, prompt_ms: 10, generation_ms: 15, ttft_ms: 12 },
      }),
    ]);
    expect(total.tokens).toEqual({ prompt: 230, output: 14, source: 'server' });
    expect(total.timing).toEqual({ wall_ms: 80, prompt_ms: 30, generation_ms: 40, ttft_ms: 22 });
    expect(total.done_reason).toBe('stop');
  });

  it('never passes a partial sum off as the whole: an unknown part makes the total unknown', () => {
    const total = sumTurns([turn(), turn({ tokens: { prompt: null, output: 3, source: 'estimate' }, timing: { wall_ms: 30 } })]);
    expect(total.tokens).toEqual({ prompt: null, output: 13, source: 'estimate' });
    expect(total.timing).toEqual({ wall_ms: 80, ttft_ms: 22 });
  });

  it('sums energy only when every turn reported its own', () => {
    const both = sumTurns([turn({ energy: energy(10, 200) }), turn({ energy: energy(6, 240) })]).energy!;
    expect(both).toMatchObject({ joules: 16, net_joules: 8, peak_power_w: 240, samples: 4, avg_power_w: 160, valid: true });
    expect(sumTurns([turn({ energy: energy(10, 200) }), turn()]).energy).toBeUndefined();
  });
});
