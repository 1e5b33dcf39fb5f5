import { describe, expect, it } from 'vitest';
import { LCS_CELL_LIMIT, diffLines } from '../../../ui/logic/line-diff.ts';

const changed = (lines: { text: string; changed: boolean }[]) => lines.filter((line) => line.changed).map((line) => line.text);

describe('diffLines', () => {
  it('equal texts differ nowhere', () => {
    const diff = diffLines('a\nb\nc', 'a\nb\nc');
    expect(diff.changedLines).toBe(0);
    expect(diff.left.map((line) => line.text)).toEqual(['a', 'b', 'c']);
  });

  it('marks a replaced line on both sides and keeps the common ones', () => {
    const diff = diffLines('def f():\n  return 1\nprint(f())', 'def f():\n  return 2\nprint(f())');
    expect(changed(diff.left)).toEqual(['  return 1']);
    expect(changed(diff.right)).toEqual(['  return 2']);
    expect(diff.changedLines).toBe(2);
  });

  it('an inserted line is changed on the side that has it only', () => {
    const diff = diffLines('x\nz', 'x\ny\nz');
    expect(changed(diff.left)).toEqual([]);
    expect(changed(diff.right)).toEqual(['y']);
  });

  it('finds the longest common subsequence, not just a shared prefix', () => {
    const diff = diffLines('a\nb\nc\nd', 'b\nx\nd\ne');
    expect(changed(diff.left)).toEqual(['a', 'c']);
    expect(changed(diff.right)).toEqual(['x', 'e']);
  });

  it('ignores line-ending style and handles empty texts', () => {
    expect(diffLines('a\r\nb', 'a\nb').changedLines).toBe(0);
    expect(diffLines('', '').changedLines).toBe(0);
    expect(changed(diffLines('', 'only').right)).toEqual(['only']);
  });

  it('past the cell limit, still matches prefix and suffix and marks the middle changed', () => {
    const size = Math.ceil(Math.sqrt(LCS_CELL_LIMIT)) + 10;
    const left = ['head', ...Array.from({ length: size }, (_, i) => `l${i}`), 'tail'].join('\n');
    const right = ['head', ...Array.from({ length: size }, (_, i) => `r${i}`), 'tail'].join('\n');
    const diff = diffLines(left, right);
    expect(diff.left[0]).toEqual({ text: 'head', changed: false });
    expect(diff.right.at(-1)).toEqual({ text: 'tail', changed: false });
    expect(diff.changedLines).toBe(2 * size);
  });
});
