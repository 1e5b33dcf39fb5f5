// The shown flow end to end on the CLI: a simulated tool-use sweep, then `compare` gives a verdict on the suite.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const cli = fileURLToPath(new URL('../../../bin/ledgerbench.js', import.meta.url));
let ledgers = '';

afterAll(async () => {
  if (ledgers) await rm(ledgers, { recursive: true, force: true });
});

describe('tool_use_v1 on the command line', () => {
  it('runs simulated agents and compares them with a verdict on the suite', async () => {
    ledgers = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-agent-compare-'));
    await exec(process.execPath, [cli, 'run', '--models', 'sim:large,sim:small', '--experiments', 'tool_use_v1', '--ledgers-dir', ledgers]);
    const { stdout } = await exec(process.execPath, [cli, 'compare', '--ledgers', ledgers, '--original', 'sim:large', '--candidate', 'sim:small', '--json']);
    const rows = (JSON.parse(stdout) as { rows: Array<{ experiment: string; pairs: number; verdict: string }> }).rows;
    const row = rows.find((r) => r.experiment === 'tool_use_v1');
    expect(row?.pairs).toBe(24);
    expect(['significant_regression', 'significant_improvement', 'non_inferior', 'inconclusive', 'insufficient_evidence']).toContain(row?.verdict);
  });
});
