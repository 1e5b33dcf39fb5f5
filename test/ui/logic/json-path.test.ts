import { describe, expect, it } from 'vitest';
import { formatPath, leafPreview, pageBounds, parsePath, searchJson, valueAt, type PathPart } from '../../../ui/logic/json-path.ts';

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

describe('parsePath and valueAt', () => {
  const value = { rows: [{ run_id: 'r1', task: { id: 't' } }, { 'J/run': 2 }], 'a.b': { c: [0, [1, 2]] } };

  it('reads back every path formatPath writes', () => {
    const paths: PathPart[][] = [[], ['rows'], ['rows', 1, 'J/run'], ['a.b', 'c', 1, 0], ['x"y\\z', 'ok'], [3]];
    for (const parts of paths) expect(parsePath(formatPath(parts))).toEqual(parts);
  });

  it('refuses text that is not a path', () => {
    for (const bad of ['.rows', 'rows[', 'rows[-1]', 'rows..x', 'rows[1]x y', '["unclosed]', 'rows.1']) expect(parsePath(bad), bad).toBeNull();
  });

  it('finds the value at a path, and says when a step is missing', () => {
    expect(valueAt(value, ['rows', 0, 'task', 'id'])).toEqual({ found: true, value: 't' });
    expect(valueAt(value, [])).toEqual({ found: true, value });
    expect(valueAt(value, ['rows', 2]).found).toBe(false);
    // An index into an object, or a key into an array, is missing too.
    expect(valueAt(value, ['rows', 'length']).found).toBe(false);
    expect(valueAt({ 0: 'x' }, [0]).found).toBe(false);
    expect(valueAt(value, ['rows', 0, 'run_id', 'x']).found).toBe(false);
  });
});
