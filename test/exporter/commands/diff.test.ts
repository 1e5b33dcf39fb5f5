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

/** A copy of the old export with one model_rankings row's passed count changed. */
function withPassed(name: string, model: string, experiment: string, passed: number): string {
  const dir = join(root, name);
  cpSync(join(root, 'old'), dir, { recursive: true });
  const path = join(dir, 'model_rankings.json');
  const file = JSON.parse(readFileSync(path, 'utf8'));
  const row = file.rows.find((r: any) => r.model === model && r.experiment === experiment);
  row.passed = passed;
  row.pass_rate = passed / row.runs;
  writeFileSync(path, JSON.stringify(file));
  return dir;
}

describe('ledgerbench diff', () => {
  it('exits 0 on identical exports', async () => {
    expect(await cli(['diff', join(root, 'old'), join(root, 'old')])).toBe(0);
    expect(out.at(-1)).toMatch(/0 regressed significantly, 0 improved, 0 changed.* unchanged$/);
  });

  it('exits 1 on an injected significant regression and prints what moved', async () => {
    // sim:large on pair_regress: 48/50 → 30/50.
    const dir = withPassed('regressed', 'sim:large', 'pair_regress', 30);
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(1);
    expect(out[0]).toBe('SIMULATED: some rows come from the built-in simulator (sim:), not from a real model or GPU.');
    expect(out[1]).toMatch(/^REGRESSED  sim:large pair_regress\/plain @default: 96\.0% \(48\/50\) → 60\.0% \(30\/50\), Δ -36\.0 points/);
    expect(out.at(-1)).toMatch(/1 regressed significantly/);
  });

  it('exits 0 when a pass rate moved within the noise', async () => {
    const dir = withPassed('wobble', 'sim:large', 'pair_regress', 47);
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(0);
    expect(out[1]).toMatch(/^changed  sim:large pair_regress\/plain @default/);
  });

  it('flags simulated rows, and not real ones', async () => {
    const dir = join(root, 'real');
    cpSync(join(root, 'old'), dir, { recursive: true });
    const path = join(dir, 'model_rankings.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    for (const row of file.rows) Object.assign(row, { simulated: false, simulated_runs: 0 });
    writeFileSync(path, JSON.stringify(file));
    expect(await cli(['diff', dir, dir])).toBe(0);
    expect(out.join('\n')).not.toMatch(/SIMULATED/);
    expect(await cli(['diff', join(root, 'old'), dir])).toBe(0);
    expect(out).toContain('SIMULATED: some rows come from the built-in simulator (sim:), not from a real model or GPU.');
    out = [];
    expect(await cli(['diff', dir, dir, '--json'])).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ regressed: 0, simulated: false });
  });

  it('gives one clear line and exit 2 for a missing folder or file', async () => {
    expect(await cli(['diff', join(root, 'old'), join(root, 'nope')])).toBe(2);
    expect(err[0]).toBe(`ledgerbench diff: ${join(root, 'nope')}: no such folder; pass two export folders (ledgerbench export --out DIR)`);
    const empty = mkdtempSync(join(root, 'empty-'));
    expect(await cli(['diff', empty, join(root, 'old')])).toBe(2);
    expect(err[1]).toMatch(/model_rankings\.json: missing; is .* an export\?/);
    expect(await cli(['diff', join(root, 'old')])).toBe(2);
    expect(err[2]).toMatch(/expected two export folders, got 1/);
  });
});
