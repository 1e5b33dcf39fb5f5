import { describe, expect, it } from 'vitest';
import { runsFromColumns } from '../../../exporter/comparisons/side-rows.ts';
import { run } from '../../core/paired/make-run.ts';

const columnsOf = (runs: ReturnType<typeof run>[], leave: string[] = []) => {
  const columns: Record<string, (string | number | boolean | null)[]> = {};
  for (const key of Object.keys(runs[0]!))
    if (!leave.includes(key)) columns[key] = runs.map((r) => (r as Record<string, string | number | boolean | null>)[key]!);
  return columns;
};

describe('runsFromColumns', () => {
  it('rebuilds the runs, taking the filtered fields from `fixed`', () => {
    const runs = [run({ task_id: 'a', joules: null, usd: 0.5 }), run({ task_id: 'b', repeat: 2, passed: false, format_score: 0.25 })];
    const fixed = { model: 'qwen3:8b', experiment: 'suite', arm: 'plain', power_level: 'default' };
    expect(runsFromColumns(2, columnsOf(runs, Object.keys(fixed)), fixed)).toEqual(runs);
  });

  it('throws, located, on a value of the wrong type or a missing column', () => {
    const runs = [run({}), run({})];
    const columns = columnsOf(runs);
    columns.repeat![1] = 1.5;
    expect(() => runsFromColumns(2, columns)).toThrow('row 1: repeat: expected integer, got 1.5');
    columns.repeat![1] = 1;
    columns.passed![0] = null;
    expect(() => runsFromColumns(2, columns)).toThrow('row 0: passed: expected boolean, got null');
    delete columns.passed;
    expect(() => runsFromColumns(2, columns)).toThrow('column passed is missing');
    expect(() => runsFromColumns(0, {}, { model: 7 as never })).toThrow();
  });
});
