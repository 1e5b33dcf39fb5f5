import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { makeRunRecord } from '../../fixtures/make-run-record.ts';

let err: string[];
beforeEach(() => {
  err = [];
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

const record = (id: string, model: string, experiment: string, task: string, level: string | null = null) =>
  makeRunRecord({
    run_id: `compare-run-${id}`,
    model: { name: model, backend: 'ollama' },
    experiment,
    task: { id: task, family: 'math', hash: `h-${task}` },
    power_limit: { request: level, mode: level === null ? null : 'percent', requested_w: null, applied_w: null },
  });

/** A ledger folder inside a fresh temp dir (the loader lists the folder's parent, so keep that parent ours). */
async function ledger(records: unknown[]): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'lb-compare-')), 'ledgers');
  await mkdir(dir);
  await writeFile(join(dir, 'a.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

describe('ledgerbench compare on mismatched ledgers', () => {
  it('says when the two models share no suite, naming each one’s suites', async () => {
    const dir = await ledger([record('1', 'qwen3:8b', 'math_a', 't1'), record('2', 'qwen3:4b', 'math_b', 't1')]);
    const code = await cli(['compare', '--ledgers', dir, '--original', 'qwen3:8b', '--candidate', 'qwen3:4b']);
    expect(code, err.join('\n')).toBe(2);
    expect(err).toEqual([
      'ledgerbench compare: qwen3:8b and qwen3:4b share no suite: qwen3:8b ran math_a; qwen3:4b ran math_b. Run both on the same --experiments',
    ]);
  });

  it('says when a shared suite has no paired runs', async () => {
    const dir = await ledger([record('1', 'qwen3:8b', 'math_a', 't1'), record('2', 'qwen3:4b', 'math_a', 't2'), record('3', 'qwen3:4b', 'math_a', 't1', '80')]);
    expect(await cli(['compare', '--ledgers', dir, '--original', 'qwen3:8b', '--candidate', 'qwen3:4b'])).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^ledgerbench compare: no paired runs: qwen3:8b and qwen3:4b share a suite but no \(task, arm, repeat, sample, power level\)/);
  });
});
