import { describe, expect, it } from 'vitest';
import { formatKappa, judgeFigures, judgeRowsOf } from '../../../ui/logic/judge-note.ts';
import type { JudgeReliabilityRow } from '../../../schema/surfaces/judge-reliability.ts';

const row = (over: Partial<JudgeReliabilityRow>): JudgeReliabilityRow => ({
  experiment: 'support_replies_v1',
  model: 'sim:large',
  judge: 'sim:judge',
  role: 'decides',
  runs: 32,
  graded: 32,
  calls: 96,
  no_grade_calls: 1,
  pass_rate: 0.7,
  judge_pass_rate: 0.72,
  exact_pass_rate: 0.88,
  position_agreement: 0.733333,
  position_agreement_low: 0.55,
  position_agreement_high: 0.86,
  position_pairs: 30,
  first_preference: 0.55,
  seed_agreement: 0.666667,
  seed_pairs: 30,
  exact_kappa: 0.84,
  exact_kappa_low: 0.535,
  exact_kappa_high: 1,
  exact_pairs: 32,
  inter_judge_kappa: null,
  inter_judge_kappa_low: null,
  inter_judge_kappa_high: null,
  judge_prompt_tokens: 1000,
  judge_output_tokens: 100,
  judge_wall_ms: 10,
  judge_joules: 5,
  reliable: false,
  warnings: ['the verdict changes with the order on 27% of replies (threshold 20%)'],
  kappa_threshold: 0.6,
  position_threshold: 0.8,
  simulated: true,
  ...over,
});

describe('judge notes', () => {
  it('formats kappa with its interval, and n/a where undefined', () => {
    expect(formatKappa(0.84, 0.535, 1)).toBe('0.84 [0.54, 1.00]');
    expect(formatKappa(null, null, null)).toBe('n/a');
  });

  it('puts the figures beside the pass rate in one line, with the second judge only when there is one', () => {
    expect(judgeFigures(row({}))).toBe(
      'sim:large judged by sim:judge: kappa vs exact checks 0.84 [0.54, 1.00], same verdict with order swapped 73%, with a second seed 67%',
    );
    expect(judgeFigures(row({ inter_judge_kappa: 0.5, inter_judge_kappa_low: 0.2, inter_judge_kappa_high: 0.8 }))).toMatch(
      /kappa between judges 0\.50 \[0\.20, 0\.80\]$/,
    );
  });

  it('picks one suite, and only the models shown', () => {
    const rows = [row({ model: 'sim:small' }), row({}), row({ experiment: 'other' })];
    expect(judgeRowsOf(rows, 'support_replies_v1').map((r) => r.model)).toEqual(['sim:large', 'sim:small']);
    expect(judgeRowsOf(rows, 'support_replies_v1', ['sim:small']).map((r) => r.model)).toEqual(['sim:small']);
  });
});
