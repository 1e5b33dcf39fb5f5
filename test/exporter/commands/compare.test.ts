import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { ComparisonRowSchema } from '../../../schema/surfaces/comparisons.ts';
import { FIXTURES } from '../memory-effects.ts';

const LEDGERS = `${FIXTURES}paired`;
let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

const compare = (...args: string[]) => cli(['compare', '--ledgers', LEDGERS, ...args]);

describe('ledgerbench compare', () => {
  it('prints one table line per shared suite with the expected verdicts', async () => {
    expect(await compare('--original', 'sim:large', '--candidate', 'sim:medium')).toBe(0);
    const text = out.join('\n');
    const line = (suite: string) => text.split('\n').find((l) => l.startsWith(suite))!;
    expect(line('pair_regress')).toMatch(/\b50\b.*12\/2.*0\.013.*significant_regression$/);
    expect(line('pair_same')).toMatch(/\b40\b.*0\/0.*inconclusive$/);
    expect(line('pair_small')).toMatch(/\b6\b.*1\/0.*insufficient_evidence$/);
    expect(text).toMatch(/not evidence that the candidate holds up/);
    expect(text).not.toMatch(/pair_code/);
    expect(err).toEqual([]);
  });

  it('--json gives the comparisons.json rows, and --margin and --holm reach the verdicts', async () => {
    expect(await compare('--original', 'sim:large', '--candidate', 'sim:medium', '--json', '--margin', '10', '--holm')).toBe(0);
    const parsed = JSON.parse(out.join('\n'));
    const rows = parsed.rows.map((row: unknown) => ComparisonRowSchema.parse(row));
    expect(rows.map((r: any) => [r.experiment, r.verdict])).toEqual([
      ['pair_regress', 'significant_regression'],
      ['pair_same', 'non_inferior'],
      ['pair_small', 'insufficient_evidence'],
    ]);
    const regress = rows.find((r: any) => r.experiment === 'pair_regress');
    // Holm over three suites: the smallest p is multiplied by 3.
    expect(regress.mcnemar_p_holm).toBeCloseTo(Math.min(1, 3 * regress.mcnemar_p), 12);
    expect(regress.margin).toBe(0.1);
    expect(parsed.recommendations.find((r: any) => r.experiment === 'pair_same').candidate).toBe('sim:medium');
  });

  it('refuses a model compared with itself', async () => {
    expect(await compare('--original', 'sim:large', '--candidate', 'sim:large')).toBe(2);
    expect(err).toEqual(['ledgerbench compare: --original and --candidate are both sim:large: name two different models']);
  });

  it('names the models present when one is absent', async () => {
    expect(await compare('--original', 'qwen3:8b', '--candidate', 'sim:medium')).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/model qwen3:8b is not in the ledgers .*; models present: sim:large, sim:medium$/);
  });

  it('reports missing ledgers, bad margins and missing flags in one line each', async () => {
    expect(await cli(['compare', '--ledgers', `${FIXTURES}no-such-folder`, '--original', 'a', '--candidate', 'b'])).toBe(2);
    expect(err[0]).toMatch(/no ledgers found/);
    expect(await compare('--original', 'sim:large', '--candidate', 'sim:medium', '--margin', 'five')).toBe(2);
    expect(err[1]).toMatch(/--margin five: expected percentage points/);
    expect(await compare('--original', 'sim:large')).toBe(2);
    expect(err[2]).toMatch(/name both models/);
    expect(err).toHaveLength(3);
  });
});
