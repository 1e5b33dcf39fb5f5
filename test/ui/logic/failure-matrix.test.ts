import { describe, expect, it } from 'vitest';
import { failureMatrix } from '../../../ui/logic/failure-matrix.ts';

describe('failureMatrix', () => {
  it('sums counts per class and model, most frequent class first, stages kept apart', () => {
    const matrix = failureMatrix([
      { model: 'b', stage: 'parse', failure_class: 'no_json', hard: true, count: 2 },
      { model: 'a', stage: 'semantic', failure_class: 'wrong', hard: false, count: 1 },
      { model: 'a', stage: 'parse', failure_class: 'no_json', hard: true, count: 3 },
      { model: 'a', stage: 'execute', failure_class: 'no_json', hard: true, count: 1 },
    ]);
    expect(matrix.models).toEqual(['a', 'b']);
    expect(matrix.classes.map((c) => [c.stage, c.failure_class, c.total])).toEqual([
      ['parse', 'no_json', 5],
      ['execute', 'no_json', 1],
      ['semantic', 'wrong', 1],
    ]);
    expect(matrix.classes[0]!.counts.get('a')).toBe(3);
  });
});
