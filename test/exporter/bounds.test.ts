import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { BOUNDS } from '../../schema/run-record.ts';
import { RunsShardSchema, VerificationSchema } from '../../schema/surfaces/index.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder } from './memory-effects.ts';

const OPTIONS = { ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false };

// test/fixtures/ledgers/bad-bounds/bounds.jsonl: one record a line past each bound DuckDB or the
// CSV hand-off imposes, between records that must still export (see the fixture's line comments
// in docs/verification.md). The 3 MB string is built here rather than committed.
function fixture(): Map<string, Uint8Array> {
  const files = readFixtureFolder(`${FIXTURES}bad-bounds`, 'ledgers');
  const good = Buffer.from(files.get('ledgers/bounds.jsonl')!).toString('utf8').trim().split('\n').at(-1)!;
  const huge = JSON.parse(good);
  huge.run_id = 'bb-huge-0001';
  huge.failure = { stage: 'semantic', class: 'x'.repeat(3_000_000), message: 'mismatch' };
  files.set('ledgers/huge.jsonl', Buffer.from(`${JSON.stringify(huge)}\n`));
  return files;
}

describe('records past a bound', () => {
  it('are each rejected with file:line and a reason, and everything else exports', async () => {
    const effects = memoryEffects(fixture());
    const { exitCode } = await runExport(OPTIONS, effects);
    expect(exitCode).toBe(0);
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    expect(verification.rows.map((r) => [r.file, r.line, r.kind, r.run_id])).toEqual([
      ['bounds.jsonl', 2, 'schema', 'bb-wall-0001'],
      ['bounds.jsonl', 3, 'schema', 'bb-usd-0001'],
      ['bounds.jsonl', 4, 'schema', 'bb-joule-0001'],
      ['bounds.jsonl', 5, 'schema', 'bb-name-0001'],
      ['bounds.jsonl', 6, 'encoding', null],
      ['bounds.jsonl', 8, 'schema', 'bb-deep-0001'],
      ['bounds.jsonl', 9, 'schema', 'bb-wide-0001'],
      ['bounds.jsonl', 10, 'schema', 'bb-repeat-0001'],
      ['huge.jsonl', 1, 'schema', 'bb-huge-0001'],
    ]);
    const reasons = verification.rows.map((r) => r.reason);
    expect(reasons[0]).toBe(`timing.wall_ms: must be under ${BOUNDS.ms} ms (the exporter sums durations as DECIMAL(18, 6))`);
    expect(reasons[1]).toBe(`cost.usd: must be under ${BOUNDS.usd} USD (the exporter sums dollars as DECIMAL(18, 9))`);
    expect(reasons[2]).toMatch(/^energy\.joules: must be under 1000000000000 J/);
    expect(reasons[3]).toBe(`model.name: longer than ${BOUNDS.fieldChars} characters (the limit for a column of the exporter's runs table)`);
    expect(reasons[4]).toMatch(/^not valid UTF-8 \(first bad byte at column \d+\)$/);
    expect(reasons[5]).toBe(`params: nested deeper than ${BOUNDS.paramsDepth} levels`);
    expect(reasons[6]).toBe(`params: over ${BOUNDS.paramsChars} characters as JSON`);
    expect(reasons[7]).toBe(`repeat: must be at most ${BOUNDS.int} (a 32-bit INTEGER column)`);
    expect(reasons[8]).toMatch(/^failure\.class: longer than/);
    // The console shows them located too, and never a whole record.
    expect(effects.lines).toContain(`ledgers/bounds.jsonl:2: schema: ${reasons[0]}`);
    expect(Math.max(...effects.lines.map((line) => line.length))).toBeLessThan(400);

    expect(verification.summary).toMatchObject({ lines: 12, accepted: 3, rejected: 9, duplicates: 0 });
    const shard = RunsShardSchema.parse(outputJson(effects, 'runs/runs-0001.json'));
    expect(shard.rows.map((r) => r.run_id).sort()).toEqual(['bb-bom-0001', 'bb-good-0001', 'bb-keys-0001']);
    const ranking = outputJson(effects, 'model_rankings.json').rows;
    expect(ranking.reduce((sum: number, row: { runs: number }) => sum + row.runs, 0)).toBe(3);
  });

  it('a shard holds the validated record: no unknown key, one value per key, extras sorted, valid UTF-8', async () => {
    const effects = memoryEffects(fixture());
    await runExport(OPTIONS, effects);
    const bytes = Buffer.from(effects.output.get('runs/runs-0001.json')!);
    // Strict decoding: any invalid byte throws.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const line = text.split('\n').find((l) => l.includes('"bb-keys-0001"'))!;
    expect(line).not.toContain('from_a_newer_runner');
    expect(line.match(/"arm":/g)).toHaveLength(1);
    expect(line).toContain('"arm":"plain"');
    expect(line).toContain('"params":{"temperature":0,"seed":7,"max_tokens":512,"alpha":[{"x":2,"y":1}],"zeta":{"a":1,"b":2}}');
    // Fields in the schema's order, whatever order the ledger wrote them in.
    expect(line.indexOf('"schema"')).toBeLessThan(line.indexOf('"run_id"'));
  });

  it('a record at the bound still exports', async () => {
    const files = fixture();
    const good = JSON.parse(Buffer.from(files.get('ledgers/bounds.jsonl')!).toString('utf8').trim().split('\n').at(-1)!);
    const edge = {
      ...good,
      run_id: 'bb-edge-0001',
      timing: { wall_ms: BOUNDS.ms - 1, generation_ms: 999_999_999_999.5 },
      cost: { usd: BOUNDS.usd - 0.5, basis: 'energy' },
      energy: { ...good.energy, joules: BOUNDS.joules - 1, reason: `"q,\n${'é'.repeat(BOUNDS.fieldChars - 4)}` },
      model: { ...good.model, name: '"'.repeat(BOUNDS.fieldChars) },
    };
    const effects = memoryEffects(new Map([['ledgers/edge.jsonl', `${JSON.stringify(edge)}\n`]]));
    await runExport(OPTIONS, effects);
    expect(outputJson(effects, 'verification.json').summary).toMatchObject({ accepted: 1, rejected: 0 });
    const [row] = outputJson(effects, 'model_rankings.json').rows;
    expect(row.runs).toBe(1);
  });

  it('twenty records at the bound still export: their sums overflow no column', async () => {
    const files = fixture();
    const good = JSON.parse(Buffer.from(files.get('ledgers/bounds.jsonl')!).toString('utf8').trim().split('\n').at(-1)!);
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        ...good,
        run_id: `bb-many-${String(i).padStart(4, '0')}`,
        repeat: i,
        timing: { wall_ms: BOUNDS.ms - 1, generation_ms: BOUNDS.ms - 1 },
        cost: { usd: BOUNDS.usd - 1, basis: 'energy' },
        energy: { ...good.energy, joules: BOUNDS.joules - 1 },
      }),
    );
    const effects = memoryEffects(new Map([['ledgers/many.jsonl', `${lines.join('\n')}\n`]]));
    await runExport(OPTIONS, effects);
    expect(outputJson(effects, 'verification.json').summary).toMatchObject({ accepted: 20, rejected: 0 });
    const [row] = outputJson(effects, 'model_rankings.json').rows;
    expect(row.runs).toBe(20);
    // 20 × (1e12 − 1) ms of wall time: past 2^53 µs, so within a relative 1e-12, never an abort.
    expect(row.wall_us_sum / (20 * (BOUNDS.ms - 1) * 1000)).toBeCloseTo(1, 12);
  });
});
