import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { FIXTURES } from '../memory-effects.ts';

let root: string;
let out: string[];
let err: string[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lb-diff-'));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  expect(await cli(['export', '--ledgers', `${FIXTURES}paired`, '--out', join(root, 'old')])).toBe(0);
  vi.restoreAllMocks();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

type Row = Record<string, any>;

/**
 * A copy of the old export, edited: `tasks` changes model_task rows in place (or returns false to
 * drop one), `rankings` likewise for model_rankings rows.
 */
function edited(name: string, edit: { tasks?: (row: Row) => boolean | void; rankings?: (row: Row) => boolean | void }): string {
  const dir = join(root, name);
  cpSync(join(root, 'old'), dir, { recursive: true });
  for (const [file, change] of [
    ['model_task.json', edit.tasks],
    ['model_rankings.json', edit.rankings],
  ] as const) {
    if (change === undefined) continue;
    const path = join(dir, file);
    const surface = JSON.parse(readFileSync(path, 'utf8'));
    surface.rows = surface.rows.filter((row: Row) => change(row) !== false);
    writeFileSync(path, JSON.stringify(surface));
  }
  return dir;
}

const regressRow = (row: Row) => row.model === 'sim:large' && row.experiment === 'pair_regress';
const KEY = 'sim:large pair_regress/plain @default';

describe('ledgerbench diff', () => {
  it('exits 0 on identical exports', async () => {
    expect(await cli(['diff', join(root, 'old'), join(root, 'old')])).toBe(0);
    expect(out.at(-1)).toMatch(/^9 rows: 0 regressed, 0 vanished, 0 lost tasks, 0 added; 0 suites vanished\. Limits: /);
  });

  it('exits 1 when tasks passed fell significantly, paired by task', async () => {
    // sim:large on pair_regress passes 48 of its 50 tasks; 20 of them now fail.
    let flipped = 0;
    const dir = edited('regressed', {
      tasks: (row) => void (regressRow(row) && row.passed > 0 && flipped++ < 20 && Object.assign(row, { passed: 0, run_pass_rate: 0 })),
    });
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(1);
    expect(out[0]).toBe('SIMULATED: some rows come from the built-in simulator (sim:), not from a real model or GPU.');
    expect(out[1]).toMatch(new RegExp(`^REGRESSED  ${KEY}: tasks passed \\(majority of repeats\\) 48/50 → 28/50 \\(20 lost, 0 gained; McNemar exact p = `));
    expect(out.at(-1)).toMatch(/^9 rows: 1 regressed/);
  });

  it('exits 0 when two tasks flipped: within the noise', async () => {
    let flipped = 0;
    const dir = edited('wobble', {
      tasks: (row) => void (regressRow(row) && row.passed > 0 && flipped++ < 2 && Object.assign(row, { passed: 0, run_pass_rate: 0 })),
    });
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(0);
  });

  it('fails on vanished rows and suites and names them', async () => {
    const keep = (row: Row) => row.experiment === 'pair_same';
    const dir = edited('vanished', { tasks: keep, rankings: keep });
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(1);
    expect(out).toContain('VANISHED  suite pair_code: missing from the new export (2 rows)');
    expect(out).toContain('VANISHED  suite pair_regress: missing from the new export (2 rows)');
    expect(out).toContain('VANISHED  suite pair_small: missing from the new export (2 rows)');
    expect(out).toContain(`VANISHED  ${KEY}: the row is missing from the new export (was 48/50 answered runs passed)`);
    expect(out.at(-1)).toMatch(/^9 rows: 0 regressed, 6 vanished, 0 lost tasks, 0 added; 3 suites vanished/);
    expect(await cli(['diff', join(root, 'old'), dir, '--allow-vanished'])).toBe(0);
  });

  it('fails on tasks missing from a row', async () => {
    const dir = edited('fewer-tasks', { tasks: (row) => !(regressRow(row) && ['t01', 't02', 't03'].includes(row.task_id)) });
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(1);
    expect(out).toContain(`VANISHED  ${KEY}: 3 tasks missing from the new export (t01, t02, t03)`);
  });

  for (const [metric, field, flag, name] of [
    ['output tokens', 'mean_output_tokens', '--max-tokens-increase', 'tokens'],
    ['wall time', 'mean_wall_ms', '--max-latency-increase', 'latency'],
    ['joules per passed task', 'mean_joules_per_run', '--max-energy-increase', 'energy'],
  ] as const) {
    it(`guards ${metric}: +30% on every task fails, +5% passes, a raised limit lets +30% through`, async () => {
      const scaled = (factor: number) =>
        edited(`${name}-${factor}`, {
          tasks: (row) => {
            if (regressRow(row) && row[field] !== null) row[field] *= factor;
          },
        });
      expect(await cli(['diff', join(root, 'old'), scaled(1.3)])).toBe(1);
      expect(out.find((line) => line.startsWith('REGRESSED'))).toMatch(
        new RegExp(`^REGRESSED  ${KEY}: ${metric} \\+30\\.0% \\(95% CI \\+30\\.0% to \\+30\\.0%\\) over 50 paired tasks; limit \\+10%$`),
      );
      out = [];
      expect(await cli(['diff', join(root, 'old'), scaled(1.05)])).toBe(0);
      expect(await cli(['diff', join(root, 'old'), scaled(1.3), flag, '40'])).toBe(0);
    });
  }

  it('one outlier task is noise, not a latency regression', async () => {
    const dir = edited('outlier', {
      tasks: (row) => {
        if (regressRow(row) && row.task_id === 't07' && row.mean_wall_ms !== null) row.mean_wall_ms *= 20;
      },
    });
    expect(await cli(['diff', join(root, 'old'), dir, '--json'])).toBe(0);
    const report = JSON.parse(out.join('\n'));
    const latency = report.rows.find((row: Row) => row.key === KEY).metrics.find((m: Row) => m.metric === 'wall_ms');
    expect(latency.ratio).toBeGreaterThan(1.1);
    expect(latency.ci.low).toBeLessThanOrEqual(1);
    expect(latency.regressed).toBe(false);
  });

  it('flags simulated rows, and not real ones', async () => {
    const dir = edited('real', { rankings: (row) => void Object.assign(row, { simulated: false, simulated_runs: 0 }) });
    expect(await cli(['diff', dir, dir])).toBe(0);
    expect(out.join('\n')).not.toMatch(/SIMULATED/);
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(0);
    expect(out).toContain('SIMULATED: some rows come from the built-in simulator (sim:), not from a real model or GPU.');
    out = [];
    expect(await cli(['diff', dir, dir, '--json'])).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ failed: false, regressed: 0, simulated: false });
  });

  it('gives one clear line and exit 2 for a missing folder or file, or a bad flag', async () => {
    expect(await cli(['diff', join(root, 'old'), join(root, 'nope')])).toBe(2);
    expect(err[0]).toBe(`ledgerbench diff: ${join(root, 'nope')}: no such folder; pass two export folders (ledgerbench export --out DIR)`);
    const empty = mkdtempSync(join(root, 'empty-'));
    expect(await cli(['diff', empty, join(root, 'old')])).toBe(2);
    expect(err[1]).toMatch(/model_rankings\.json: missing; is .* an export\?/);
    expect(await cli(['diff', join(root, 'old')])).toBe(2);
    expect(err[2]).toMatch(/expected two export folders, got 1/);
    expect(await cli(['diff', join(root, 'old'), join(root, 'old'), '--max-tokens-increase', 'lots'])).toBe(2);
    expect(err[3]).toBe('ledgerbench diff: --max-tokens-increase lots: expected a percentage of 0 or more, e.g. --max-tokens-increase 10');
  });
});
