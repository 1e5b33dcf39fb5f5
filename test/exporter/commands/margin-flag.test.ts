import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { FIXTURES } from '../memory-effects.ts';

// One rule for --margin (core/margin.ts): export and compare refuse the same values with the same line.
describe('--margin on export and compare', () => {
  let err: string[];
  beforeEach(() => {
    err = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it.each(['150', '100', '-5', '5%', '1e1'])('both refuse --margin %s with one line', async (margin) => {
    const line = `--margin ${margin}: expected percentage points from 0 to below 100, e.g. --margin 5`;
    expect(await cli(['export', '--ledgers', `${FIXTURES}paired`, '--out', '/nonexistent-out', '--margin', margin])).toBe(2);
    expect(await cli(['compare', '--ledgers', `${FIXTURES}paired`, '--original', 'sim:large', '--candidate', 'sim:medium', '--margin', margin])).toBe(2);
    expect(err.map((text) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''))).toEqual([
      `ledgerbench export: ${line}`,
      `ledgerbench compare: ${line}`,
    ]);
  });
});
