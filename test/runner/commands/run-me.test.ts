import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../sweep/support.ts';

const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'run_me.sh');
const runMe = (args: string[]) => spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
const repoLedgers = () => readdirSync(join(import.meta.dirname, '..', '..', '..', 'ledgers'), { recursive: true }).sort();

describe('run_me.sh', () => {
  it('passes run flags through and stops with the runner’s one line and exit code on a bad flag', () => {
    const before = repoLedgers();
    const result = runMe(['--models', 'sim:small', '--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['ledgerbench run: unknown flag --bogus; see ledgerbench run --help for the flags']);
    expect(repoLedgers()).toEqual(before);
  });

  it('a --dry-run prints the plan and neither runs, exports nor builds', () => {
    const ledgers = join(tempDir(), 'ledgers');
    const result = runMe(['--models', 'sim:small', '--experiments', 'math_measurement_v1', '--limit', '2', '--dry-run', '--ledgers-dir', ledgers]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('total: 2 runs');
    expect(result.stdout).not.toContain('Built the site');
    expect(existsSync(ledgers)).toBe(false);
  });

  it('--help shows the wrapper usage and the run flags', () => {
    const result = runMe(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('bash run_me.sh --models a,b [flags]');
    expect(result.stdout).toContain('--tdp-levels');
  });
});
