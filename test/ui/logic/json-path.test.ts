import { describe, expect, it } from 'vitest';
import { formatPath, leafPreview, pageBounds, searchJson } from '../../../ui/logic/json-path.ts';

describe('json paths', () => {
  it('formats paths as JavaScript would', () => {
    expect(formatPath(['rows', 3, 'pass_rate'])).toBe('rows[3].pass_rate');
    expect(formatPath(['columns', 'J/run', 'unit'])).toBe('columns["J/run"].unit');
    expect(formatPath([])).toBe('');
  });

  it('pages large arrays and clamps the page', () => {
    expect(pageBounds(250, 2, 100)).toEqual({ start: 200, end: 250, pages: 3, page: 2 });
    expect(pageBounds(250, 9, 100).page).toBe(2);
    expect(pageBounds(0, 0, 100)).toEqual({ start: 0, end: 0, pages: 1, page: 0 });
  });

  it('finds keys and leaf values, with their paths', () => {
    const value = {
      rows: [
        { model: 'qwen3:8b', pass_rate: 0.5 },
        { model: 'other', pass_rate: 0.25 },
      ],
    };
    const { matches } = searchJson(value, 'QWEN');
    expect(matches).toEqual([{ path: 'rows[0].model', parts: ['rows', 0, 'model'], preview: '"qwen3:8b"' }]);
    expect(searchJson(value, 'pass_rate').matches.map((m) => m.path)).toEqual(['rows[0].pass_rate', 'rows[1].pass_rate']);
  });

  it('stops at the limit and says so', () => {
    const value = Array.from({ length: 50 }, () => 'x');
    const result = searchJson(value, 'x', 10);
    expect(result.matches).toHaveLength(10);
    expect(result.truncated).toBe(true);
  });

  it('previews containers by size', () => {
    expect(leafPreview([1, 2])).toBe('[…] 2 items');
    expect(leafPreview({ a: 1 })).toBe('{…} 1 keys');
    expect(leafPreview('x'.repeat(200))).toHaveLength(120);
  });
});
