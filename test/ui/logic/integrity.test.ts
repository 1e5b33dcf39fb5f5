import { describe, expect, it } from 'vitest';
import { integritySummaries } from '../../../ui/logic/integrity.ts';

const rows = [
  { model: 'a:1b', experiment: 'code_exec_v1', runs: 37, tasks: 37, representative_run_ids: ['r1'] },
  { model: 'a:1b', experiment: 'humaneval', runs: 1, tasks: 1, representative_run_ids: ['r2'] },
  { model: 'b:2b', experiment: 'code_exec_v1', runs: 40, tasks: 20, representative_run_ids: ['r3'] },
];

describe('integritySummaries', () => {
  it('sums a model over its suites and lists the suites, most runs first', () => {
    expect(integritySummaries(rows)).toEqual([
      { model: 'b:2b', runs: 40, suites: ['code_exec_v1 (40 runs, 20 tasks)'] },
      { model: 'a:1b', runs: 38, suites: ['code_exec_v1 (37 runs, 37 tasks)', 'humaneval (1 run, 1 task)'] },
    ]);
  });

  it('keeps only the asked model, and nothing for a clean one', () => {
    expect(integritySummaries(rows, 'a:1b').map((s) => s.runs)).toEqual([38]);
    expect(integritySummaries(rows, 'clean:7b')).toEqual([]);
  });
});
