import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../core/model-spec.ts';
import { CliError } from '../../../lib/cli-error.ts';
import { RunRecordSchema, type RunRecord } from '../../../schema/run-record.ts';
import { main as status, type StatusIo } from '../../../runner/commands/status.ts';
import { SweepSidecarSchema } from '../../../runner/ledger/sidecar.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { runSweep } from '../../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../../runner/sweep/options.ts';
import { SumBackend, TransportError, makeSuiteDir, tempDir, testEffects } from './support.ts';

const SWEEP = ['--models', 'qwen3:8b,openai:local', '--base-url', 'http://127.0.0.1:9/v1', '--arms', 'plain,terse', '--repeats', '2'];
const PLANNED = 2 * 6 * 2 * 2;

function setup() {
  const dirs = makeSuiteDir(6);
  const backends = new Map<string, SumBackend>();
  const backendFor = (spec: ModelSpec) => {
    if (!backends.has(spec.spec)) backends.set(spec.spec, new SumBackend(spec));
    return backends.get(spec.spec)!;
  };
  return { dirs, backends, backendFor };
}

type Setup = ReturnType<typeof setup>;

async function run(context: Setup, argv: string[], host = 'test-host') {
  const flags = parseRunFlags(argv);
  const target = runTarget(flags);
  const effects = testEffects(context.dirs, context.backendFor, { hostname: () => host });
  return runSweep(target, target.resume === null ? optionsFromFlags(flags) : null, effects);
}

function records(path: string): RunRecord[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
}

async function statusOf(context: Setup, argv: string[]): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const io: StatusIo = { out: (text) => void out.push(text), experimentsDir: context.dirs.root, armsDir: context.dirs.arms };
  const code = await status(argv, io);
  return { code, text: out.join('') };
}

async function refusal(work: Promise<unknown>): Promise<CliError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(2);
  expect((error as CliError).message).not.toContain('\n');
  return error as CliError;
}

describe('ledgerbench run --shard K/N', () => {
  it('four shards write four ledgers that together hold the unsharded sweep, run for run', async () => {
    const context = setup();
    const ledgers = tempDir();
    const whole = tempDir();
    for (let index = 0; index < 4; index++) {
      const outcome = await run(context, [...SWEEP, '--shard', `${index}/4`, '--sweep-id', 'sweep-nightly', '--ledgers-dir', ledgers], `node-${index}`);
      expect(outcome.ledgerPath).toBe(join(ledgers, `sweep-nightly.shard-${index}-of-4.node-${index}.jsonl`));
      expect(outcome.planned).toBe(PLANNED / 4);
      const sidecar = SweepSidecarSchema.parse(JSON.parse(readFileSync(outcome.ledgerPath!.replace(/\.jsonl$/, '.sweep.json'), 'utf8')));
      expect(sidecar).toMatchObject({ shard: { index, count: 4 }, plan: { runs: PLANNED / 4 }, sweep_plan: { runs: PLANNED } });
      expect(records(outcome.ledgerPath!).every((record) => record.shard?.index === index && record.shard.count === 4)).toBe(true);
    }
    const sharded = readdirSync(ledgers)
      .filter((name) => name.endsWith('.jsonl'))
      .flatMap((name) => records(join(ledgers, name)));
    const unsharded = records((await run(context, [...SWEEP, '--sweep-id', 'sweep-nightly', '--ledgers-dir', whole])).ledgerPath!);
    expect(unsharded.every((record) => record.shard === undefined)).toBe(true);
    const key = (record: RunRecord) => `${record.run_id} ${record.response.text} ${record.evaluation.passed}`;
    expect(sharded.map(key).sort()).toEqual(unsharded.map(key).sort());
    expect((await statusOf(context, ['--sweep', 'sweep-nightly', '--ledgers', ledgers])).code).toBe(0);
  });

  it('derives one sweep id from the flags, so shards started apart agree; status tells what is left and how to finish it', async () => {
    const context = setup();
    const ledgers = tempDir();
    const first = await run(context, [...SWEEP, '--shard', '0/3', '--ledgers-dir', ledgers], 'a');
    const id = first.sweepId;
    expect(id).toMatch(/^sweep-[0-9a-f]{16}$/);
    // Shard 1's second and third runs find the server down through all their tries (1 + 3 retries each).
    const backend = context.backendFor({ spec: 'qwen3:8b', backend: 'ollama', name: 'qwen3:8b' });
    const start = backend.requests.length;
    for (let call = start + 1; call <= start + 8; call++) backend.failOn.set(call, new TransportError('connection_refused', 'ECONNREFUSED'));
    const second = await run(context, [...SWEEP, '--shard', '1/3', '--ledgers-dir', ledgers], 'b');
    expect(second.sweepId).toBe(id);
    expect(second.transportLeft).toBe(2);

    const partial = await statusOf(context, ['--sweep', id, '--ledgers', `${ledgers}/**/*.jsonl`]);
    expect(partial.code).toBe(1);
    expect(partial.text).toContain(
      `sweep ${id}: 3 shards, ${PLANNED} planned runs: ${PLANNED / 3 + PLANNED / 3 - second.transportLeft} done, ${second.transportLeft} failed at transport, ${PLANNED / 3} missing (incomplete, 2 shards to rerun)`,
    );
    expect(partial.text).toMatch(new RegExp(`\\n0/3 +${PLANNED / 3} +${PLANNED / 3} +0 +0  .*${id}\\.shard-0-of-3\\.a\\.jsonl`));
    expect(partial.text).toContain(`shard 1/3: npx ledgerbench run --resume ${id} --shard 1/3 --ledgers-dir ${ledgers}`);
    expect(partial.text).toContain(`shard 2/3: not started: run the sweep's command with --shard 2/3 --sweep-id ${id}`);
    const json = await statusOf(context, ['--sweep', id, '--ledgers', ledgers, '--json']);
    expect(JSON.parse(json.text)).toMatchObject({ sweep_id: id, shard_count: 3, planned: PLANNED, missing: PLANNED / 3, complete: false });

    backend.failOn.clear();
    // The resume of shard 1 runs on another host, into the ledger its first host named.
    const resumed = await run(context, ['--resume', id, '--shard', '1/3', '--ledgers-dir', ledgers], 'c');
    expect(resumed).toMatchObject({ ledgerPath: second.ledgerPath, transportLeft: 0, retried: second.transportLeft });
    await run(context, [...SWEEP, '--shard', '2/3', '--ledgers-dir', ledgers], 'a');
    const done = await statusOf(context, ['--sweep', id, '--ledgers', ledgers]);
    expect(done.code).toBe(0);
    expect(done.text).toContain(`${PLANNED} done, 0 failed at transport, 0 missing (complete)`);
    expect(done.text).not.toContain('rerun');
  });

  it('refuses, with one line and nothing written, what would mix two plans or make a run twice', async () => {
    const context = setup();
    const ledgers = tempDir();
    await run(context, [...SWEEP, '--shard', '0/2', '--sweep-id', 'sw', '--ledgers-dir', ledgers]);
    const before = readdirSync(ledgers).sort();
    const cases: Array<[string[], RegExp]> = [
      [
        [...SWEEP, '--repeats', '3', '--shard', '1/2', '--sweep-id', 'sw'],
        /shard 0\/2 of sweep sw was planned from other flags or suites \(48 runs, plan [0-9a-f]{8}; this one: 72 runs/,
      ],
      [[...SWEEP, '--shard', '1/3', '--sweep-id', 'sw'], /sweep sw is sharded into 2 parts here, not 3; use --shard K\/2/],
      [[...SWEEP, '--sweep-id', 'sw'], /sweep sw is sharded into 2 parts here; give this sweep another --sweep-id/],
      [[...SWEEP, '--shard', '0/2', '--sweep-id', 'sw'], /shard 0\/2 of sweep sw already has this ledger; resume it with --resume sw --shard 0\/2/],
      [[...SWEEP, '--sweep-id', 'sw', '--out', join(ledgers, 'sw.jsonl')], /sweep sw is sharded into 2 parts here/],
      [['--resume', 'sw'], /sweep 'sw' is sharded into 2 parts: resume one with --resume sw --shard K\/2/],
      [
        ['--resume', 'sw', '--shard', '1/2'],
        /no shard 1\/2 of sweep 'sw' found .*: it was never started; start it with the sweep's flags and --shard 1\/2 --sweep-id sw/,
      ],
      [['--resume', 'sw', '--shard', '0/3'], /the sweep is sharded into 2 parts, not 3/],
    ];
    for (const [argv, message] of cases) {
      const error = await refusal(run(context, [...argv, '--ledgers-dir', ledgers]));
      expect(error.message).toMatch(message);
    }
    // The same shard started again from another host is refused too: its runs would be made twice.
    const error = await refusal(run(context, [...SWEEP, '--shard', '0/2', '--sweep-id', 'sw', '--ledgers-dir', ledgers], 'elsewhere'));
    expect(error.message).toMatch(/shard 0\/2 of sweep sw was already started; resume it with --resume sw --shard 0\/2/);
    expect(readdirSync(ledgers).sort()).toEqual(before);
  });

  it('an unsharded sweep given an id that exists is told to resume it', async () => {
    const context = setup();
    const ledgers = tempDir();
    await run(context, [...SWEEP, '--sweep-id', 'once', '--ledgers-dir', ledgers]);
    const error = await refusal(run(context, [...SWEEP, '--sweep-id', 'once', '--ledgers-dir', ledgers]));
    expect(error.message).toMatch(/once\.jsonl: sweep once already exists here; resume it with --resume once, or pick another --sweep-id$/);
  });

  it('status refuses ledgers of two different sweeps under one id, and an id it cannot find', async () => {
    const context = setup();
    const a = tempDir();
    const b = tempDir();
    await run(context, [...SWEEP, '--shard', '0/2', '--sweep-id', 'twin', '--ledgers-dir', a]);
    await run(context, [...SWEEP, '--repeats', '1', '--shard', '1/2', '--sweep-id', 'twin', '--ledgers-dir', b]);
    const twins = await refusal(statusOf(context, ['--sweep', 'twin', '--ledgers', a, '--ledgers', b]));
    expect(twins.message).toMatch(/sweep twin here has a plan from other flags or suites .*: two sweeps share this id; pass --ledgers for one of them/);
    const missing = await refusal(statusOf(context, ['--sweep', 'nope', '--ledgers', a]));
    expect(missing.message).toMatch(/no ledger of sweep nope matches /);
    expect((await refusal(statusOf(context, ['--ledgers', a]))).message).toMatch(/--sweep ID is required/);
  });
});
