import { describe, expect, it } from 'vitest';
import { passAtKRows, TASK_ROWS_LIMIT } from '../../../exporter/surfaces/pass_at_k_rows.ts';
import { bigRatio, choose } from '../stats/exact-binomial.ts';

const task = (task_id: string, n: number, c: number, model = 'm') => ({
  model,
  experiment: 'e',
  arm: 'plain',
  power_level: 'default',
  task_id,
  n,
  c,
  simulated: false,
});

describe('passAtKRows', () => {
  it('averages each task’s unbiased estimate over the tasks with at least k samples, for k up to the largest n', () => {
    const { rows, taskRows, taskRowsOmitted } = passAtKRows([task('a', 10, 3), task('b', 12, 0), task('c', 10, 10)]);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ tasks: 3, samples_min: 10, samples_max: 12, samples: 32, passed: 13 });
    expect(row.pass_at.map((p) => [p.k, p.tasks])).toEqual([
      [1, 3],
      [2, 3],
      [5, 3],
      [10, 3],
    ]);
    const exact = (n: number, c: number, k: number) => 1 - bigRatio(choose(n - c, k), choose(n, k));
    for (const { k, value } of row.pass_at) {
      expect(value).toBeCloseTo((exact(10, 3, k) + exact(12, 0, k) + 1) / 3, 12);
    }
    expect(taskRows.map((t) => t.task_id)).toEqual(['a', 'b', 'c']);
    expect(taskRowsOmitted).toBe(false);
  });

  it('leaves a task out at a k above its samples and says how many tasks counted', () => {
    const row = passAtKRows([task('a', 2, 1), task('b', 5, 0), task('c', 5, 5)]).rows[0]!;
    const exact = (n: number, c: number, k: number) => 1 - bigRatio(choose(n - c, k), choose(n, k));
    expect(row.pass_at.map((p) => [p.k, p.tasks])).toEqual([
      [1, 3],
      [2, 3],
      [5, 2],
    ]);
    expect(row.pass_at[1]!.value).toBeCloseTo((exact(2, 1, 2) + 0 + 1) / 3, 12);
    expect(row.pass_at[2]!.value).toBeCloseTo((0 + 1) / 2, 12);
  });

  it('omits per-task rows past the limit but keeps the group rows', () => {
    const many = Array.from({ length: TASK_ROWS_LIMIT + 1 }, (_, i) => task(`t${i}`, 1, i % 2));
    const result = passAtKRows(many);
    expect(result.taskRowsOmitted).toBe(true);
    expect(result.taskRows).toEqual([]);
    expect(result.rows[0]!.pass_at).toEqual([{ k: 1, value: Math.floor((TASK_ROWS_LIMIT + 1) / 2) / (TASK_ROWS_LIMIT + 1), tasks: TASK_ROWS_LIMIT + 1 }]);
  });
});
