import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSidecar, ledgerPathOf, sidecarPathFor, writeSidecar, type SweepSidecar } from '../../../runner/ledger/sidecar.ts';
import { optionsFromFlags } from '../../../runner/sweep/options.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { tempDir } from '../sweep/support.ts';

const sweepId = 'sweep-20260102T030405Z-beef';

function sidecar(): SweepSidecar {
  const options = { ...optionsFromFlags(parseRunFlags(['--models', 'openai:gpt-x', '--api-key-env', 'MY_KEY'])), experiments: ['m'] };
  return {
    schema: 'ledgerbench.sweep/1',
    sweep_id: sweepId,
    created_at: '2026-01-02T03:04:05.000Z',
    ledger: `${sweepId}.jsonl`,
    options,
    plan: { runs: 3, hash: 'h' },
    tool: { name: 'ledgerbench', version: '0.1.0' },
  };
}

describe('sweep sidecar', () => {
  it('round-trips beside the ledger and names the key variable, never a key', () => {
    const dir = tempDir();
    const ledger = join(dir, `${sweepId}.jsonl`);
    const path = sidecarPathFor(ledger, sweepId);
    expect(path).toBe(join(dir, `${sweepId}.sweep.json`));
    process.env.MY_KEY = 'sk-test-secret-value';
    try {
      writeSidecar(path, sidecar());
      const found = findSidecar(sweepId, [join(dir, 'elsewhere'), dir]);
      expect(found.sidecar).toEqual(sidecar());
      expect(ledgerPathOf(found.path, found.sidecar)).toBe(ledger);
      expect(JSON.stringify(found.sidecar)).not.toContain('sk-test-secret-value');
      expect(found.sidecar.options.api_key_env).toBe('MY_KEY');
    } finally {
      delete process.env.MY_KEY;
    }
  });

  it('is written once: a second write fails', () => {
    const path = join(tempDir(), `${sweepId}.sweep.json`);
    writeSidecar(path, sidecar());
    expect(() => writeSidecar(path, sidecar())).toThrow(/cannot create/);
  });

  it('appears whole or not at all: written beside, linked into place, nothing left over', () => {
    const dir = tempDir();
    const path = join(dir, `${sweepId}.sweep.json`);
    writeSidecar(path, sidecar());
    const first = readFileSync(path, 'utf8');
    expect(JSON.parse(first)).toEqual(sidecar());
    expect(() => writeSidecar(path, { ...sidecar(), created_at: '2030-01-01T00:00:00.000Z' })).toThrow(/cannot create the sweep file \(EEXIST\)/);
    // The refused write neither touched the sidecar nor left its temporary file behind.
    expect(readFileSync(path, 'utf8')).toBe(first);
    expect(readdirSync(dir)).toEqual([`${sweepId}.sweep.json`]);
  });

  it('reports a missing or broken sidecar in one located line', () => {
    const dir = tempDir();
    expect(() => findSidecar(sweepId, [dir])).toThrow(/no sweep 'sweep-20260102T030405Z-beef' found/);
    writeFileSync(join(dir, `${sweepId}.sweep.json`), JSON.stringify({ ...sidecar(), options: { ...sidecar().options, repeats: 0 } }));
    expect(() => findSidecar(sweepId, [dir])).toThrow(/\.sweep\.json: options\.repeats: /);
  });
});
