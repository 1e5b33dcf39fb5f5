import { canonicalJson, sha256Hex } from '../../lib/hash.ts';
import type { Experiment } from '../../schema/experiment.ts';
import type { Shard } from '../../schema/shard.ts';
import type { SweepOptions } from './options.ts';
import type { PlannedRun } from './plan.ts';
import { runParams } from './record.ts';
import { taskHash } from './run-id.ts';

/**
 * The sweep id N shards agree on without talking to each other: a hash of the resolved options
 * and of every task they load. The same flags and suites give the same id on every host; a
 * changed flag or task gives another sweep.
 */
export function derivedSweepId(options: SweepOptions, suites: readonly Experiment[]): string {
  const tasks = suites.map((suite) => [suite.manifest.id, suite.tasks.map((task) => [task.id, taskHash(task)])]);
  return `sweep-${sha256Hex(canonicalJson({ options, tasks })).slice(0, 16)}`;
}

/** This shard's part of the full plan, balanced by expected work. */
export function planShard(plan: readonly PlannedRun[], shard: Shard, options: SweepOptions, experiments: ReadonlyMap<string, Experiment>): PlannedRun[] {
  return shardPlan(plan, shard, sweepWork(options, experiments));
}

/** Expected work of each run of a sweep: prompt estimate plus the output cap its suite runs with. */
export function sweepWork(options: SweepOptions, experiments: ReadonlyMap<string, Experiment>): (run: PlannedRun) => number {
  const caps = new Map([...experiments].map(([id, suite]) => [id, runParams(options, suite.manifest.defaults, 0).max_tokens]));
  return (run) => expectedWork(run, caps.get(run.experiment)!);
}

/**
 * The shard each planned run belongs to (pure, by plan position). Greedy longest-first: runs in
 * order of expected work (most first, then plan position), each to the shard with the least work
 * so far (the lowest-numbered on a tie). Deterministic for a given plan and N, so N processes
 * started with the same flags agree without talking to each other; with equal work it deals the
 * plan out round-robin.
 */
export function assignShards(plan: readonly PlannedRun[], count: number, work: (run: PlannedRun) => number): Int32Array {
  const owner = new Int32Array(plan.length);
  const weights = plan.map(work);
  const order = plan.map((_, index) => index).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const loads = new MinLoadHeap(count);
  for (const index of order) owner[index] = loads.addToLightest(weights[index]!);
  return owner;
}

/** This shard's runs, in plan order. */
function shardPlan(plan: readonly PlannedRun[], shard: Shard, work: (run: PlannedRun) => number): PlannedRun[] {
  const owner = assignShards(plan, shard.count, work);
  return plan.filter((_, index) => owner[index] === shard.index);
}

/**
 * A run's expected work in tokens: its prompt (about 4 characters a token, as the runner's own
 * estimate) plus its output cap. The cap, not a guess of the reply's length, because a model
 * may use all of it and the cap is what is known before the sweep runs.
 */
function expectedWork(run: PlannedRun, maxTokens: number): number {
  return Math.ceil(run.task.prompt.length / 4) + maxTokens;
}

/** Shard loads as a binary min-heap of (load, shard index), so a plan of a million runs stays O(n log N). */
class MinLoadHeap {
  private readonly load: Float64Array;
  private readonly heap: Int32Array;

  constructor(count: number) {
    this.load = new Float64Array(count);
    this.heap = Int32Array.from({ length: count }, (_, index) => index);
  }

  /** Adds `weight` to the lightest shard and returns that shard. */
  addToLightest(weight: number): number {
    const shard = this.heap[0]!;
    this.load[shard] = this.load[shard]! + weight;
    this.siftDown(0);
    return shard;
  }

  private lighter(a: number, b: number): boolean {
    const shardA = this.heap[a]!;
    const shardB = this.heap[b]!;
    return this.load[shardA]! < this.load[shardB]! || (this.load[shardA] === this.load[shardB] && shardA < shardB);
  }

  private siftDown(start: number): void {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let lightest = at;
      if (left < this.heap.length && this.lighter(left, lightest)) lightest = left;
      if (right < this.heap.length && this.lighter(right, lightest)) lightest = right;
      if (lightest === at) return;
      const swap = this.heap[at]!;
      this.heap[at] = this.heap[lightest]!;
      this.heap[lightest] = swap;
      at = lightest;
    }
  }
}
