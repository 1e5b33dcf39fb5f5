import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { main } from '../../exporter/commands/export.ts';
import { runExport } from '../../exporter/export.ts';
import { diskLedgerSource } from '../../exporter/ledgers/disk.ts';
import { createDiskOutput } from '../../exporter/write.ts';
import { SURFACES } from '../../exporter/surfaces/registry.ts';
import { ComparisonPairsShardSchema, IndexSchema, RunsShardSchema } from '../../schema/surfaces/index.ts';
import { FIXTURES, readFixtureFolder } from './memory-effects.ts';

const temp = mkdtempSync(join(tmpdir(), 'ledgerbench-export-'));
// The command prints its summary to the console; keep the test output readable.
beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => {}));
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(temp, { recursive: true, force: true });
});

// Both fixture sets in one ledgers folder: valid, simulated and broken lines together.
const ledgers = join(temp, 'ledgers');
cpSync(`${FIXTURES}hand`, join(ledgers, 'hand'), { recursive: true });
cpSync(`${FIXTURES}bad`, join(ledgers, 'bad'), { recursive: true });

const SCHEMAS = new Map<string, z.ZodType>([
  ...SURFACES.map((surface) => [surface.name, surface.schema] as const),
  ['runs', RunsShardSchema],
  ['comparison_pairs_side', ComparisonPairsShardSchema],
]);

async function exportTo(out: string): Promise<Map<string, Uint8Array>> {
  const code = await main(['--ledgers', `${ledgers}/**/*.jsonl`, '--out', out]);
  expect(code).toBe(0);
  return readFixtureFolder(out, '.');
}

describe('export on disk', () => {
  it('exporting twice gives byte-identical files', async () => {
    const first = await exportTo(join(temp, 'data-1'));
    const second = await exportTo(join(temp, 'data-2'));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, bytes] of first) expect(Buffer.compare(Buffer.from(second.get(path)!), Buffer.from(bytes)), path).toBe(0);
    // The paths in the files are relative to the ledgers root: no temp folder leaks in.
    for (const bytes of first.values()) expect(Buffer.from(bytes).toString('utf8')).not.toContain(temp);
  });

  it('index.json matches every file: rows, bytes, sha256; every file validates against its schema', async () => {
    const files = await exportTo(join(temp, 'data-3'));
    const index = IndexSchema.parse(JSON.parse(Buffer.from(files.get('./index.json')!).toString('utf8')));
    expect(index.files.map((f) => `./${f.path}`).sort()).toEqual([...files.keys()].filter((p) => p !== './index.json').sort());
    for (const entry of index.files) {
      const bytes = files.get(`./${entry.path}`)!;
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      // runs.parquet is binary (checked in test/exporter/surfaces/runs-parquet.test.ts).
      if (!entry.path.endsWith('.json')) continue;
      const body = JSON.parse(Buffer.from(bytes).toString('utf8'));
      const schema = SCHEMAS.get(entry.surface);
      expect(schema, entry.surface).toBeDefined();
      schema!.parse(body);
      expect(body.rows.length).toBe(entry.rows);
    }
    expect(index.ledgers.map((l) => l.path)).toEqual(['bad/a.jsonl', 'bad/b.jsonl', 'hand/sweep-a.jsonl', 'hand/sweep-b.jsonl']);
    expect(index.counts.accepted).toBe(20);
  });

  it('replaces the out folder whole: no stale shard survives', async () => {
    const out = join(temp, 'data-4');
    await exportTo(out);
    writeFileSync(join(out, 'runs', 'runs-0099.json'), '{}');
    writeFileSync(join(out, 'stale.json'), '{}');
    const files = await exportTo(out);
    expect(files.has('./runs/runs-0099.json')).toBe(false);
    expect(files.has('./stale.json')).toBe(false);
    expect(files.has('./runs/runs-0001.json')).toBe(true);
  });

  it('refuses to replace a folder that is not an earlier export', async () => {
    const out = join(temp, 'precious');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    await expect(main(['--ledgers', `${ledgers}/**/*.jsonl`, '--out', out])).rejects.toThrow(/no index.json/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(temp).filter((name) => name.includes('.export-'))).toEqual([]);
  });

  it('--strict exits 1 on the broken lines and leaves the previous export byte for byte', async () => {
    const out = join(temp, 'data-5');
    const before = await exportTo(out);
    expect(await main(['--ledgers', `${ledgers}/**/*.jsonl`, '--out', out, '--strict'])).toBe(1);
    const after = readFixtureFolder(out, '.');
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of before) expect(Buffer.compare(after.get(path)!, bytes), path).toBe(0);
    expect(readdirSync(temp).filter((name) => name.includes('.export-'))).toEqual([]);
  });

  it('repeated --ledgers accumulate, a file matched twice is read once, and paths are as one glob would name them', async () => {
    const whole = await exportTo(join(temp, 'data-7'));
    const out = join(temp, 'data-8');
    const args = ['--ledgers', join(ledgers, 'hand'), '--ledgers', `${ledgers}/bad/*.jsonl`, '--ledgers', join(ledgers, 'hand', 'sweep-a.jsonl')];
    expect(await main([...args, '--out', out])).toBe(0);
    const parts = readFixtureFolder(out, '.');
    expect([...parts.keys()]).toEqual([...whole.keys()]);
    for (const [path, bytes] of whole) expect(Buffer.compare(parts.get(path)!, bytes), path).toBe(0);
  });

  it('no ledger found: exit 2, one line, the previous export untouched', async () => {
    const out = join(temp, 'data-9');
    const before = await exportTo(out);
    for (const args of [
      ['--ledgers', join(temp, 'nowhere')],
      ['--ledgers', join(ledgers, 'hand'), '--ledgers', `${ledgers}/**/*.csv`],
    ]) {
      const error = await main([...args, '--out', out]).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'CliError', exitCode: 2 });
      expect((error as Error).message).toMatch(/^no ledgers found: .*; nothing published, .* left as it was$/);
    }
    const after = readFixtureFolder(out, '.');
    for (const [path, bytes] of before) expect(Buffer.compare(after.get(path)!, bytes), path).toBe(0);
  });

  it('a failure midway (a surface that throws after others were written) leaves the previous export byte for byte', async () => {
    const out = join(temp, 'data-10');
    const before = await exportTo(out);
    const broken = { ...SURFACES[0]!, build: async () => Promise.reject(new Error('boom')) };
    const effects = { ...diskLedgerSource(), ...createDiskOutput(out), log: () => {} };
    const error = await runExport({ ledgers: `${ledgers}/**/*.jsonl`, out, strict: false }, effects, [SURFACES[1]!, broken]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'CliError', exitCode: 1, message: `export failed (boom); nothing published, ${out}/ left as it was` });
    const after = readFixtureFolder(out, '.');
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of before) expect(Buffer.compare(after.get(path)!, bytes), path).toBe(0);
    expect(readdirSync(temp).filter((name) => name.includes('.export-'))).toEqual([]);
  });

  it('a folder given as --ledgers means every .jsonl under it', async () => {
    const out = join(temp, 'data-6');
    expect(await main(['--ledgers', join(ledgers, 'hand'), '--out', out])).toBe(0);
    const index = IndexSchema.parse(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')));
    expect(index.ledgers.map((l) => l.path)).toEqual(['sweep-a.jsonl', 'sweep-b.jsonl']);
  });

  it('bad flags are one clear CliError; --help prints the options', async () => {
    await expect(main(['--margin', 'lots'])).rejects.toThrow(/--margin lots: expected percentage points/);
    await expect(main(['--ledger', 'x'])).rejects.toThrow(/ledger.*see ledgerbench export --help/);
    expect(await main(['--help'])).toBe(0);
    expect(vi.mocked(console.log).mock.calls.at(-1)?.[0]).toContain('--ledgers GLOB');
  });
});
