import { describe, expect, it } from 'vitest';
import { suiteSuspects } from '../../../ui/logic/harness-suspect.ts';

const row = (experiment: string, reason: 'prompt_name' | 'max_tokens', runs: number, tasks: number, models: string[]) => ({
  experiment,
  reason,
  runs,
  tasks,
  models,
  representative_run_ids: ['r1'],
  example_evidence: 'e',
});

describe('suiteSuspects', () => {
  it('sums a suite over its reasons, merges its models, most runs first', () => {
    const rows = [
      row('gsm8k', 'max_tokens', 1, 1, ['b:2b']),
      row('humaneval', 'max_tokens', 3, 2, ['b:2b']),
      row('humaneval', 'prompt_name', 12, 12, ['a:1b']),
    ];
    expect(suiteSuspects(rows)).toEqual([
      {
        experiment: 'humaneval',
        runs: 15,
        reasons: ['reply cut at the token limit: 3 runs (2 tasks)', 'NameError for a name the prompt imports or defines: 12 runs (12 tasks)'],
        models: ['a:1b', 'b:2b'],
      },
      { experiment: 'gsm8k', runs: 1, reasons: ['reply cut at the token limit: 1 run (1 task)'], models: ['b:2b'] },
    ]);
    expect(suiteSuspects([])).toEqual([]);
  });
});
