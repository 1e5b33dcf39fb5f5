import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { mulberry32 } from '../../../lib/prng.ts';
import type { Experiment } from '../../../schema/experiment.ts';
import { ShardSchema } from '../../../schema/shard.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { optionsFromFlags, runTarget, type SweepOptions } from '../../../runner/sweep/options.ts';
import { buildPlan, type PlannedRun } from '../../../runner/sweep/plan.ts';
import { parseShard } from '../../../runner/sweep/shard-flag.ts';
import { assignShards, derivedSweepId, planShard, sweepWork } from '../../../runner/sweep/sharding.ts';

/** A suite of `tasks` tasks whose prompts are of random length, so runs differ in expected work. */
function suite(id: string, tasks: number, maxTokens: number | undefined, random: () => number): Experiment {
  return {
    manifest: {
      id,
      title: id,
      description: '',
      evaluator: 'numeric@1',
      tasks_file: 'tasks.jsonl',
      defaults: maxTokens === undefined ? {} : { max_tokens: maxTokens },
      source: 'original',
    },
    tasks: Array.from({ length: tasks }, (_, i) => ({
      id: `${id}_${i}`,
      family: 'f',
      prompt: 'x'.repeat(1 + Math.floor(random() * 4000)),
      reference: i,
      evaluator: 'numeric@1',
    })),
  };
}

function options(argv: string[]): SweepOptions {
  return optionsFromFlags(parseRunFlags(['--models', 'sim:a', ...argv]));
}

/** A random sweep: 1–3 suites of 1–40 tasks, 1–3 models, arms, repeats, samples and power levels. */
function randomSweep(seed: number) {
  const random = mulberry32(seed);
  const pick = (n: number) => 1 + Math.floor(random() * n);
  const suites = Array.from({ length: pick(3) }, (_, i) => suite(`s${i}`, pick(40), random() < 0.3 ? undefined : 32 * pick(32), random));
  const models = ['sim:a', 'sim:b', 'qwen3:8b'].slice(0, pick(3));
  const sweepOptions = options(['--repeats', String(pick(3)), '--samples', String(pick(2))]);
  const plan = buildPlan({
    sweepId: `sweep-${seed}`,
    models,
    experiments: suites,
    arms: ['plain', 'contract'].slice(0, pick(2)),
    repeats: sweepOptions.repeats,
    samples: sweepOptions.samples,
    tdpLevels: random() < 0.5 ? null : ['80', '250w'],
  });
  return { plan, options: sweepOptions, experiments: new Map(suites.map((s) => [s.manifest.id, s])) };
}

describe('--shard K/N', () => {
  it.each(['0/1', '0/4', '3/4', ' 2/3 '])('accepts %j (K is 0-based)', (text) => {
    const shard = parseShard(text);
    expect(ShardSchema.parse(shard)).toEqual(shard);
  });

  it.each([
    ['3/2', /--shard 3\/2: K must be below N, since shards are numbered 0 to N-1 \(for N=2: 0\/2 to 1\/2\)/],
    ['4/4', /K must be below N/],
    ['a/b', /--shard: expected K\/N with 0 <= K < N .* got 'a\/b'/],
    ['1/0', /N must be between 1 and 10000, got 0/],
    ['-1/4', /expected K\/N/],
    ['1.5/4', /expected K\/N/],
    ['2', /expected K\/N/],
  ])('refuses %j with one line', (text, message) => {
    let caught: unknown;
    try {
      runTarget(parseRunFlags(['--models', 'sim:a', '--shard', text]));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).exitCode).toBe(2);
    expect((caught as CliError).message).toMatch(message);
    expect((caught as CliError).message).not.toContain('\n');
  });

  it('is refused beside --out, and --sweep-id must be usable in a file name', () => {
    expect(() => runTarget(parseRunFlags(['--models', 'sim:a', '--shard', '0/2', '--out', 'x.jsonl']))).toThrow(/--out cannot be combined with --shard/);
    expect(() => runTarget(parseRunFlags(['--models', 'sim:a', '--sweep-id', 'a.b']))).toThrow(/--sweep-id: 'a.b' is not usable/);
    expect(runTarget(parseRunFlags(['--resume', 'sweep-x', '--shard', '1/4'])).shard).toEqual({ index: 1, count: 4 });
    expect(() => runTarget(parseRunFlags(['--resume', 'sweep-x', '--sweep-id', 'y']))).toThrow(/--sweep-id cannot be combined with --resume/);
  });
});

describe('assignShards', () => {
  it('N shards together hold every planned run exactly once, each in plan order (property over plans and N)', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const sweep = randomSweep(seed);
      for (const count of [1, 2, 3, 4, 7, 16]) {
        const parts = Array.from({ length: count }, (_, index) => planShard(sweep.plan, { index, count }, sweep.options, sweep.experiments));
        const ids = parts.flat().map((run) => run.run_id);
        expect(ids.length).toBe(sweep.plan.length);
        expect(new Set(ids)).toEqual(new Set(sweep.plan.map((run) => run.run_id)));
        for (const part of parts) expect(part.map((run) => run.index)).toEqual([...part.map((run) => run.index)].sort((a, b) => a - b));
        // Another process with the same plan and N computes the same parts.
        const again = planShard(sweep.plan, { index: count - 1, count }, sweep.options, sweep.experiments);
        expect(again.map((run) => run.run_id)).toEqual(parts[count - 1]!.map((run) => run.run_id));
      }
    }
  });

  it('balances expected work: the heaviest and lightest shard differ by at most the heaviest run (greedy longest-first)', () => {
    for (let seed = 100; seed < 120; seed++) {
      const sweep = randomSweep(seed);
      const work = sweepWork(sweep.options, sweep.experiments);
      for (const count of [2, 3, 5, 8]) {
        const owner = assignShards(sweep.plan, count, work);
        const loads = new Array<number>(count).fill(0);
        for (const [index, run] of sweep.plan.entries()) loads[owner[index]!] = loads[owner[index]!]! + work(run);
        const heaviestRun = Math.max(...sweep.plan.map(work));
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(heaviestRun);
      }
    }
  });

  it('weighs a run by its prompt and its output cap, and deals equal work out round-robin', () => {
    const random = mulberry32(7);
    const long = suite('long', 1, 4096, random);
    const short = suite('short', 1, 64, random);
    const plan = buildPlan({ sweepId: 's', models: ['sim:a'], experiments: [long, short], arms: ['plain'], repeats: 4, samples: 1, tdpLevels: null });
    const experiments = new Map([long, short].map((s) => [s.manifest.id, s]));
    const work = sweepWork(options([]), experiments);
    expect(work(plan[0]!)).toBe(Math.ceil(long.tasks[0]!.prompt.length / 4) + 4096);
    expect(work(plan[4]!)).toBe(Math.ceil(short.tasks[0]!.prompt.length / 4) + 64);
    // --max-tokens overrides every suite's cap, as it does for the requests.
    expect(sweepWork(options(['--max-tokens', '10']), experiments)(plan[0]!)).toBe(Math.ceil(long.tasks[0]!.prompt.length / 4) + 10);
    // Two shards: the four long runs are split two and two, not four to one shard.
    const owner = assignShards(plan, 2, work);
    expect([...owner.slice(0, 4)].sort()).toEqual([0, 0, 1, 1]);
    const flat = Array.from({ length: 10 }, (_, index) => ({ index }) as PlannedRun);
    expect([...assignShards(flat, 3, () => 1)]).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
  });
});

describe('derivedSweepId', () => {
  it('is the same for the same flags and suites, and changes with either', () => {
    const random = mulberry32(3);
    const suites = [suite('a', 5, 64, random)];
    const id = derivedSweepId(options(['--repeats', '2']), suites);
    expect(id).toMatch(/^sweep-[0-9a-f]{16}$/);
    expect(derivedSweepId(options(['--repeats', '2']), suites)).toBe(id);
    expect(derivedSweepId(options(['--repeats', '3']), suites)).not.toBe(id);
    const changed = [{ ...suites[0]!, tasks: suites[0]!.tasks.map((task, i) => (i === 0 ? { ...task, prompt: `${task.prompt}?` } : task)) }];
    expect(derivedSweepId(options(['--repeats', '2']), changed)).not.toBe(id);
  });
});
