import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { byPowerLevel, headerLines } from '../../../exporter/commands/compare.ts';
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
    // pair_regress has 3 runs without a partner; the reader is told they were set aside.
    expect(text).toMatch(/^pair_regress \(plain, default\): .* 3 runs without a partner on the other side \(or superseded by a rerun\) left out\.$/m);
    expect(text).not.toMatch(/^pair_same .*left out/m);
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

  it('says before the table what the rates count, that α is uncorrected, and that the runs are simulated', async () => {
    expect(await compare('--original', 'sim:large', '--candidate', 'sim:medium')).toBe(0);
    const [first, second, third] = out.join('\n').split('\n');
    expect(first).toBe(
      'sim:large → sim:medium: 3 comparisons, non-inferiority margin 5 points, α = 0.05 per comparison, not corrected for the 3 comparisons (--holm corrects across suites)',
    );
    expect(second).toBe(
      'Task pass rates and b/c count paired tasks (transport failures are not answers and never pair), each decided by the majority of paired repeats (ties fail): more repeats do not add tasks.',
    );
    expect(third).toMatch(/^SIMULATED: /);
    // Under --holm the α note says nothing about a missing correction.
    expect(headerLines([], { original: 'a', candidate: 'b', marginPoints: 5, holm: true })[0]).toBe(
      'a → b: 0 comparisons, non-inferiority margin 5 points, α = 0.05',
    );
  });

  it('orders power levels by number, not as text', () => {
    const levels = ['default', '100', '250w', '50', '75'].map((original_power_level) => ({ original_power_level }));
    expect([...levels].sort(byPowerLevel).map((l) => l.original_power_level)).toEqual(['50', '75', '100', '250w', 'default']);
  });

  it('says so when every ledger line was rejected, instead of "models present: none"', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lb-compare-')), 'scores.jsonl');
    writeFileSync(file, '{"id":"a","response":"1","reference":1}\n{"id":"b","response":"2","reference":2}\n');
    expect(await cli(['compare', '--ledgers', file, '--original', 'sim:large', '--candidate', 'sim:medium'])).toBe(2);
    expect(err).toEqual([
      `ledgerbench compare: no valid run record in ${file}: all 2 lines were rejected; ledgerbench export --ledgers '${file}' --out DIR lists why in DIR/verification.json`,
    ]);
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
