import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePairRuns } from '../../core/paired/pair-runs.ts';
import { RunRecordSchema } from '../../schema/run-record.ts';
import { ComparisonPairsShardSchema } from '../../schema/surfaces/comparison-pairs.ts';
import { HAVE_LLAMA_SERVER, LLAMA_SERVER_DIR, type LlamaServer, startLlamaServer } from './llama-server.ts';
import { ROOT, runCli, tempDir } from './openai-sweep-helpers.ts';

/**
 * A sweep run as 4 shards in 4 concurrent processes against the simulator and the real llama.cpp
 * server: `status` says complete, and the export of the 4 shard ledgers equals the export of the
 * same sweep run unsharded, once what legitimately differs is taken out (where and when each run
 * was recorded, which shard made it, file hashes and ledger counts; for a real server, timings).
 */

if (!HAVE_LLAMA_SERVER) console.warn(`skipping the llama.cpp shard sweep: ${LLAMA_SERVER_DIR} is absent (only the simulator sweep runs)`);

/** Keys that say where, when or in which file a run was recorded, not what it was. */
const PLACE_AND_TIME = new Set([
  'generated_from',
  'recorded_at',
  'first_recorded_at',
  'last_recorded_at',
  'shard',
  'hostname',
  'sha256',
  'bytes',
  'ledger_files',
  'ledgers_sha256',
  'ledgers',
]);
/**
 * What a real server measures: durations and rates (two runs of one request never take the same
 * time) and llama.cpp's own `timings` block, whose prompt-cache counts depend on what the slot
 * served just before.
 */
const MEASURED = /(^|_)(ms|us|s)(_|$)|per_second|^timings$/;

function normalise(value: unknown, measured: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item, measured));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => !PLACE_AND_TIME.has(key) && !(measured && MEASURED.test(key)));
  return Object.fromEntries(entries.map(([key, item]) => [key, normalise(item, measured)]));
}

/** Every file of an export, parsed and normalised, by its path under data/. */
function exported(dir: string, measured: boolean): Map<string, unknown> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.json'));
  return new Map(
    files.map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const json = JSON.parse(readFileSync(file, 'utf8')) as { surface?: string };
      // A pairs file's runs are tuples: decoded into runs, so their times are left out like any other.
      const body = json.surface === 'comparison_pairs_side' ? decodePairRuns(ComparisonPairsShardSchema.parse(json)) : json;
      return [path.relative(dir, file), normalise(body, measured)] as const;
    }),
  );
}

async function shardedAndWhole(flags: string[], measured: boolean) {
  const sharded = await tempDir('shards');
  const whole = await tempDir('whole');
  const sweep = [...flags, '--sweep-id', 'sweep-sharded-it'];
  const shards = await Promise.all([0, 1, 2, 3].map((k) => runCli(['run', ...sweep, '--shard', `${k}/4`, '--ledgers-dir', path.join(sharded, 'ledgers')])));
  for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
  const unsharded = await runCli(['run', ...sweep, '--ledgers-dir', path.join(whole, 'ledgers')]);
  expect(unsharded.code, unsharded.stderr).toBe(0);

  const names = readdirSync(path.join(sharded, 'ledgers')).filter((name) => name.endsWith('.jsonl'));
  expect(names.sort()).toEqual([0, 1, 2, 3].map((k) => expect.stringMatching(new RegExp(`^sweep-sharded-it\\.shard-${k}-of-4\\.[^/]+\\.jsonl$`))));
  const status = await runCli(['status', '--sweep', 'sweep-sharded-it', '--ledgers', path.join(sharded, 'ledgers', '**', '*.jsonl')]);
  expect(status.code, status.stderr).toBe(0);
  expect(status.stdout).toMatch(/^sweep sweep-sharded-it: 4 shards, (\d+) planned runs: \1 done, 0 failed at transport, 0 missing \(complete\)/);

  for (const dir of [sharded, whole]) {
    const out = await runCli(['export', '--ledgers', path.join(dir, 'ledgers'), '--out', path.join(dir, 'data')]);
    expect(out.code, out.stderr).toBe(0);
  }
  const records = names.flatMap((name) =>
    readFileSync(path.join(sharded, 'ledgers', name), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => RunRecordSchema.parse(JSON.parse(line))),
  );
  return { sharded: exported(path.join(sharded, 'data'), measured), whole: exported(path.join(whole, 'data'), measured), records };
}

function expectSameExport(result: Awaited<ReturnType<typeof shardedAndWhole>>): void {
  expect([...result.sharded.keys()].sort()).toEqual([...result.whole.keys()].sort());
  for (const [file, content] of result.whole) expect(result.sharded.get(file), file).toEqual(content);
}

describe('a sweep as 4 shards in 4 processes', () => {
  it('against the simulator: status complete, and the same export as the sweep run whole', async () => {
    const result = await shardedAndWhole(
      ['--models', 'sim:small,sim:medium', '--experiments', 'math_measurement_v1,code_exec_v1', '--limit', '6', '--repeats', '2', '--arms', 'plain,contract'],
      false,
    );
    expect(result.records).toHaveLength(2 * 12 * 2 * 2);
    expect(new Set(result.records.map((record) => record.shard!.index))).toEqual(new Set([0, 1, 2, 3]));
    expectSameExport(result);
  }, 180_000);

  let server: LlamaServer | null = null;
  afterAll(() => {
    server?.child.kill('SIGTERM');
  });

  it.skipIf(!HAVE_LLAMA_SERVER)(
    'against the real llama.cpp server: status complete, and the same export as the sweep run whole',
    async () => {
      server = await startLlamaServer();
      const result = await shardedAndWhole(
        [
          '--models',
          'openai:stories260K',
          '--base-url',
          `${server.url}/v1`,
          '--experiments',
          'math_measurement_v1',
          '--limit',
          '8',
          '--repeats',
          '2',
          '--max-tokens',
          '24',
          '--concurrency',
          '2',
        ],
        true,
      );
      expect(result.records).toHaveLength(16);
      expect(result.records.every((record) => !record.simulated && record.failure?.stage !== 'transport')).toBe(true);
      expectSameExport(result);
    },
    180_000,
  );
});

describe('sharded sweeps from the command line', () => {
  it.each([
    ['3/2', /^ledgerbench run: --shard 3\/2: K must be below N/],
    ['4/4', /^ledgerbench run: --shard 4\/4: K must be below N, since shards are numbered 0 to N-1 \(for N=4: 0\/4 to 3\/4\)$/],
    ['a/b', /^ledgerbench run: --shard: expected K\/N/],
  ])('--shard %s: one line, exit 2, nothing written', async (shard, message) => {
    const dir = await tempDir('bad-shard');
    const cli = await runCli([
      'run',
      '--models',
      'sim:small',
      '--experiments',
      'math_measurement_v1',
      '--shard',
      shard,
      '--ledgers-dir',
      path.join(dir, 'ledgers'),
    ]);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trimEnd()).toMatch(message);
    expect(cli.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(dir, 'ledgers'))).toBe(false);
  });

  it('a shard killed mid-sweep resumes on its own (--resume ID --shard K/N), and status then says complete', async () => {
    const dir = await tempDir('kill-shard');
    const ledgers = path.join(dir, 'ledgers');
    const sweep = [
      '--models',
      'sim:small,sim:medium',
      '--experiments',
      'math_measurement_v1',
      '--limit',
      '30',
      '--repeats',
      '2',
      '--sweep-id',
      'sweep-killed',
      '--concurrency',
      '4',
    ];
    expect((await runCli(['run', ...sweep, '--shard', '0/2', '--ledgers-dir', ledgers])).code).toBe(0);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/ledgerbench.js'), 'run', ...sweep, '--shard', '1/2', '--ledgers-dir', ledgers], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    let gone = false;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    void exited.then(() => (gone = true));
    for (;;) {
      expect(gone, 'shard 1/2 ended before it could be killed').toBe(false);
      const name = existsSync(ledgers)
        ? readdirSync(ledgers).find((file) => file.startsWith('sweep-killed.shard-1-of-2.') && file.endsWith('.jsonl'))
        : undefined;
      if (name && readFileSync(path.join(ledgers, name), 'utf8').split('\n').length > 10) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = await runCli(['status', '--sweep', 'sweep-killed', '--ledgers', ledgers]);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toContain('shard 1/2: npx ledgerbench run --resume sweep-killed --shard 1/2 --ledgers-dir');
    const resumed = await runCli(['run', '--resume', 'sweep-killed', '--shard', '1/2', '--ledgers-dir', ledgers]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const done = await runCli(['status', '--sweep', 'sweep-killed', '--ledgers', ledgers, '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ planned: 120, done: 120, transport: 0, missing: 0, complete: true });
    const ids = readdirSync(ledgers)
      .filter((file) => file.endsWith('.jsonl'))
      .flatMap((file) => readFileSync(path.join(ledgers, file), 'utf8').trimEnd().split('\n'))
      .map((line) => RunRecordSchema.parse(JSON.parse(line)).run_id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  }, 120_000);
});
