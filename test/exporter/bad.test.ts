import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { CliError } from '../../lib/cli-error.ts';
import { VerificationSchema } from '../../schema/surfaces/index.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder } from './memory-effects.ts';

const OPTIONS = { ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false };

describe('bad ledgers', () => {
  it('reports every broken line with file:line and still exports the valid records', async () => {
    const effects = memoryEffects(readFixtureFolder(`${FIXTURES}bad`, 'ledgers'));
    const { exitCode } = await runExport(OPTIONS, effects);
    expect(exitCode).toBe(0);
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    expect(verification.rows.map((r) => [r.file, r.line, r.kind, r.run_id])).toEqual([
      ['a.jsonl', 2, 'json', null],
      ['a.jsonl', 3, 'schema', 'bad-invalid-0001'],
      ['a.jsonl', 4, 'schema_version', 'bad-version-0001'],
      ['a.jsonl', 5, 'empty', null],
      ['a.jsonl', 6, 'duplicate_run_id', 'bad-good-0001'],
      ['a.jsonl', 8, 'json', null],
      ['b.jsonl', 2, 'duplicate_run_id', 'bad-good-0002'],
    ]);
    const reasons = verification.rows.map((r) => r.reason);
    expect(reasons[1]).toBe('model.name: expected string, got number');
    expect(reasons[2]).toBe('schema: expected "ledgerbench.run/1", got "ledgerbench.run/2"');
    expect(reasons[4]).toBe('run_id bad-good-0001 already accepted at a.jsonl:1');
    expect(reasons[5]).toContain('torn final line');
    expect(verification.summary).toMatchObject({ ledger_files: 2, lines: 10, accepted: 3, rejected: 6, duplicates: 2 });

    const shard = outputJson(effects, 'runs/runs-0001.json');
    expect(shard.rows.map((r: any) => r.run_id)).toEqual(['bad-good-0001', 'bad-good-0002', 'bad-good-0003']);
    expect(outputJson(effects, 'index.json').counts).toEqual({ accepted: 3, rejected: 6, duplicates: 2, simulated: 0 });
  });

  it('prints one located console line per problem, then a summary', async () => {
    const effects = memoryEffects(readFixtureFolder(`${FIXTURES}bad`, 'ledgers'));
    await runExport(OPTIONS, effects);
    expect(effects.lines).toContain('ledgers/a.jsonl:3: schema: model.name: expected string, got number');
    expect(effects.lines).toContain('ledgers/b.jsonl:2: duplicate_run_id: run_id bad-good-0002 already accepted at a.jsonl:7');
    expect(effects.lines.at(-1)).toMatch(/^exported 3 records from 2 ledger files into data\/ .*6 rejected, 2 duplicates/);
  });

  it('--strict prints every problem, publishes nothing and exits 1', async () => {
    const effects = memoryEffects(readFixtureFolder(`${FIXTURES}bad`, 'ledgers'));
    const { exitCode } = await runExport({ ...OPTIONS, strict: true }, effects);
    expect(exitCode).toBe(1);
    expect(effects.output.size).toBe(0);
    expect(effects.lines.filter((line) => /^ledgers\/[ab]\.jsonl:\d+: /.test(line))).toHaveLength(7);
    expect(effects.lines.at(-1)).toBe('--strict: 6 ledger lines rejected (listed above); nothing published, data/ left as it was');
  });

  it('caps console problem lines at 20 and points at verification.json', async () => {
    const junk = Array.from({ length: 25 }, (_, i) => `not json ${i}`).join('\n') + '\n';
    const effects = memoryEffects(new Map([['ledgers/junk.jsonl', junk]]));
    await runExport(OPTIONS, effects);
    expect(effects.lines.filter((line) => line.startsWith('ledgers/junk.jsonl:'))).toHaveLength(20);
    expect(effects.lines).toContain('... and 5 more (see data/verification.json)');
  });
});

describe('no ledgers', () => {
  for (const [name, files, why] of [
    ['a missing folder', new Map<string, string>(), 'folder ledgers does not exist'],
    ['an empty folder', new Map([['ledgers/', '']]), 'nothing matches ledgers/**/*.jsonl'],
  ] as const) {
    it(`${name}: one CliError line, exit 2, nothing published`, async () => {
      const effects = memoryEffects(files);
      const error = await runExport(OPTIONS, effects).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toBe(
        `no ledgers found: ${why} (run \`ledgerbench run\` first, or pass --ledgers GLOB); nothing published, data/ left as it was`,
      );
      expect(effects.output.size).toBe(0);
    });
  }
});

describe('unreadable ledger', () => {
  it('is one located CliError, not a stack trace', async () => {
    const effects = memoryEffects(new Map([['ledgers/a.jsonl', '']]));
    // biome-ignore lint/correctness/useYield: the read fails before the first chunk, as an unreadable file does.
    effects.readChunks = async function* () {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    await expect(runExport(OPTIONS, effects)).rejects.toThrow(CliError);
    await expect(runExport(OPTIONS, effects)).rejects.toThrow(
      'ledgers/a.jsonl: cannot read the ledger (EACCES); check its permissions or leave it out with --ledgers; nothing published, data/ left as it was',
    );
  });
});
