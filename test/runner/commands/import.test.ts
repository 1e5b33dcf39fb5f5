import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries, fixture, readLedger, runImport, tempFolder } from '../import/helpers.ts';

const JARRI = fixture('jarri', 'llm_benchmark_runs.jsonl');
const PROOF = fixture('tokenjam', 'tjbench_humaneval_tj0.4.2_20261115T120000Z.json');

describe('ledgerbench import (the command)', () => {
  it('never writes into an existing file, even an empty one', async () => {
    const folder = tempFolder();
    const out = join(folder, 'taken.jsonl');
    writeFileSync(out, '');
    await expect(runImport(['--from', 'jarri', JARRI, '--out', out])).rejects.toThrow(`${out}: already exists; import never writes into an existing ledger`);
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('refuses files whose runs are partly imported already, adding nothing', async () => {
    const folder = tempFolder();
    const first = join(folder, 'tj.jsonl');
    await runImport(['--from', 'tokenjam', PROOF, '--out', first]);
    const both = runImport(['--from', 'tokenjam', PROOF, fixture('tokenjam', 'tjbench_humaneval_tj0.4.2_mock.json'), '--out', join(folder, 'tj2.jsonl')]);
    await expect(both).rejects.toThrow(`14 of 18 runs are already in ${first}; import each file once`);
    expect(entries(folder)).toEqual(['tj.jsonl']);
  });

  it('writes nothing when a record fails the ledger schema on a late line', async () => {
    const folder = tempFolder();
    const source = join(folder, 'runs.jsonl');
    const lines = readFileSync(JARRI, 'utf8').trimEnd().split('\n');
    const late = JSON.parse(lines[3]!);
    late.task_id = 'x'.repeat(20_000);
    writeFileSync(source, `${[...lines.slice(0, 3), JSON.stringify(late)].join('\n')}\n`);
    const ledgers = join(folder, 'ledgers');
    await expect(runImport(['--from', 'jarri', source, '--out', join(ledgers, 'out.jsonl')])).rejects.toThrow(
      /runs\.jsonl:4: .*task\.id: .*longer than 16384 characters/,
    );
    expect(entries(ledgers)).toEqual([]);
  });

  it('names a missing file, an unknown format and a missing --from in one line each', async () => {
    await expect(runImport(['--from', 'jarri', '/nonexistent/runs.jsonl'])).rejects.toThrow(
      '/nonexistent/runs.jsonl: file not found; check the PATH arguments',
    );
    await expect(runImport(['--from', 'helm', JARRI])).rejects.toThrow(/--from: unknown format 'helm'; one of jarri, tokenjam, lm-eval/);
    await expect(runImport([JARRI])).rejects.toThrow(/--from FORMAT is required/);
    await expect(runImport(['--from', 'jarri', JARRI, JARRI])).rejects.toThrow(/the same file content is given twice/);
  });

  it('defaults to ledgers/imported/<format>-<hash>.jsonl', async () => {
    const cwd = process.cwd();
    const folder = tempFolder();
    process.chdir(folder);
    try {
      const { out } = await runImport(['--from', 'jarri', JARRI]);
      expect(out[0]).toMatch(/^imported 5 runs into ledgers\/imported\/jarri-[0-9a-f]{12}\.jsonl$/);
      expect(entries(join(folder, 'ledgers', 'imported'))).toHaveLength(1);
      expect(readLedger(join(folder, out[0]!.replace(/^imported 5 runs into /, '')))).toHaveLength(5);
    } finally {
      process.chdir(cwd);
    }
  });
});
