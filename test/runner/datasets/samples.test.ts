import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import type { Experiment } from '../../../schema/experiment.ts';
import { joinSamples, passAtKSummary } from '../../../runner/datasets/samples.ts';

const suite: Experiment = {
  manifest: {
    id: 'mbpp',
    title: 'MBPP',
    description: 'fixture',
    evaluator: 'mbpp@1',
    tasks_file: 'tasks.jsonl',
    defaults: {},
    source: 'fixture',
  },
  tasks: [
    { id: 'Mbpp/11', family: 'mbpp', prompt: 'p', reference: {}, evaluator: 'mbpp@1' },
    { id: 'Mbpp/12', family: 'mbpp', prompt: 'p', reference: {}, evaluator: 'mbpp@1' },
  ],
};

describe('joinSamples', () => {
  it('matches suite ids and bare MBPP numbers, counting samples per task', () => {
    const joined = joinSamples(
      suite,
      [
        { line: 1, row: { task_id: 'Mbpp/11', completion: 'a' } },
        { line: 2, row: { task_id: 11, completion: 'b' } },
        { line: 4, row: { task_id: '12', completion: 'c' } },
      ],
      'samples.jsonl',
    );
    expect(joined.map((j) => [j.line, j.task.id, j.sample, j.completion])).toEqual([
      [1, 'Mbpp/11', 0, 'a'],
      [2, 'Mbpp/11', 1, 'b'],
      [4, 'Mbpp/12', 0, 'c'],
    ]);
  });

  it('names the line of an unknown task_id', () => {
    expect(() => joinSamples(suite, [{ line: 3, row: { task_id: 99, completion: '' } }], 'samples.jsonl')).toThrow(CliError);
    expect(() => joinSamples(suite, [{ line: 3, row: { task_id: 99, completion: '' } }], 'samples.jsonl')).toThrow(
      /^samples\.jsonl:3: task_id 99 is not in the mbpp dataset/,
    );
  });
});

describe('passAtKSummary', () => {
  it('averages the unbiased per-task estimate over tasks with at least k samples', () => {
    const results = [...[true, false, false, false].map((passed) => ({ taskId: 'a', passed })), ...[true, true].map((passed) => ({ taskId: 'b', passed }))];
    const [k1, k2, k4] = passAtKSummary(results, [1, 2, 4]);
    // a: n=4, c=1 → pass@1 = 1/4, pass@2 = 1 − C(3,2)/C(4,2) = 1/2, pass@4 = 1; b: n=2, c=2 → 1.
    expect(k1).toEqual({ k: 1, value: (0.25 + 1) / 2, tasks: 2 });
    expect(k2!.value).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(k2!.tasks).toBe(2);
    expect(k4).toEqual({ k: 4, value: 1, tasks: 1 });
  });

  it('reports null when no task has k samples', () => {
    expect(passAtKSummary([{ taskId: 'a', passed: true }], [10])).toEqual([{ k: 10, value: null, tasks: 0 }]);
  });
});
