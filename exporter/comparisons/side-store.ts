import { sideKey } from '../../core/paired/compare.ts';
import type { ComparableRun } from '../../core/paired/run-row.ts';
import { openRunPass, type RunChunk, type RunKeys } from './run-pass.ts';
import type { Database } from '../duckdb.ts';

/**
 * Every answered run of the run pass (./run-pass.ts), kept as columns (typed arrays, a null number
 * as NaN: the pass lets only finite numbers through) so comparisons.json can pair any side without
 * a second query: a million runs take about 150 MB here, where run objects took over a gigabyte.
 * A side becomes run objects only while a comparison asks for it (core/paired/compare.ts).
 */
export class SideStore {
  /** Side key → its number in `keys.sides`. */
  private readonly sideOf = new Map<string, number>();
  /** Per side number: where its runs start, and how many were added so far. */
  private readonly starts: number[] = [];
  private readonly filled: number[];
  private readonly runId: string[];
  private readonly recordedAt: string[];
  private readonly task: Int32Array;
  private readonly repeat: Int32Array;
  private readonly sample: Int32Array;
  private readonly flags: Uint8Array;
  private readonly numbers: Record<(typeof NUMBER_FIELDS)[number], Float64Array>;
  private readonly harnessSuspect = new Map<number, string>();

  constructor(private readonly keys: RunKeys) {
    let total = 0;
    for (const [index, side] of keys.sides.entries()) {
      this.starts.push(total);
      this.sideOf.set(sideKey(side.model, side.experiment, side.arm, side.power_level), index);
      total += side.runs;
    }
    this.filled = keys.sides.map(() => 0);
    this.runId = new Array<string>(total);
    this.recordedAt = new Array<string>(total);
    this.task = new Int32Array(total);
    this.repeat = new Int32Array(total);
    this.sample = new Int32Array(total);
    this.flags = new Uint8Array(total);
    this.numbers = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, new Float64Array(total)])) as SideStore['numbers'];
  }

  /** A checked chunk's runs; a side given more runs than its key counted is a bug in the SQL. */
  add(chunk: RunChunk): void {
    const c = chunk.columns;
    for (let i = 0; i < chunk.rows; i++) {
      const side = c.side[i]!;
      const filled = this.filled[side]!;
      if (filled >= this.keys.sides[side]!.runs) throw new Error(`comparison runs: side ${side} has more runs than its key counted`);
      this.filled[side] = filled + 1;
      const at = this.starts[side]! + filled;
      this.runId[at] = c.run_id[i]!;
      this.recordedAt[at] = c.recorded_at[i]!;
      this.task[at] = c.task[i]!;
      this.repeat[at] = c.repeat[i]!;
      this.sample[at] = c.sample[i]!;
      this.flags[at] = (c.passed[i] ? PASSED : 0) | (c.simulated[i] ? SIMULATED : 0);
      for (const field of NUMBER_FIELDS) this.numbers[field][at] = c[field][i] ?? Number.NaN;
      const suspect = c.harness_suspect[i]!;
      if (suspect !== null) this.harnessSuspect.set(at, suspect);
    }
  }

  /** One side's runs in pairing order, as comparisons_runs.sql gives them within the side; none for a side without runs. */
  side(model: string, experiment: string, arm: string, powerLevel: string): ComparableRun[] {
    const index = this.sideOf.get(sideKey(model, experiment, arm, powerLevel));
    if (index === undefined) return [];
    const count = this.keys.sides[index]!.runs;
    if (this.filled[index] !== count) throw new Error(`comparison runs: side ${model} ${experiment} ${arm} ${powerLevel} was not filled`);
    const start = this.starts[index]!;
    const runs = new Array<ComparableRun>(count);
    const n = this.numbers;
    const orNull = (value: number) => (Number.isNaN(value) ? null : value);
    for (let k = 0; k < count; k++) {
      const at = start + k;
      // Field by field in ComparableRunSchema's order, so every run has the same shape.
      runs[k] = {
        run_id: this.runId[at]!,
        recorded_at: this.recordedAt[at]!,
        model,
        experiment,
        task_id: this.keys.tasks[this.task[at]!]!,
        arm,
        repeat: this.repeat[at]!,
        sample: this.sample[at]!,
        power_level: powerLevel,
        applied_w: orNull(n.applied_w[at]!),
        passed: (this.flags[at]! & PASSED) !== 0,
        score: n.score[at]!,
        format_score: orNull(n.format_score[at]!),
        output_tokens: orNull(n.output_tokens[at]!),
        wall_ms: orNull(n.wall_ms[at]!),
        joules: orNull(n.joules[at]!),
        usd: orNull(n.usd[at]!),
        simulated: (this.flags[at]! & SIMULATED) !== 0,
        harness_suspect: this.harnessSuspect.get(at) ?? null,
      };
    }
    return runs;
  }
}

const PASSED = 1;
const SIMULATED = 2;
const NUMBER_FIELDS = ['applied_w', 'score', 'format_score', 'output_tokens', 'wall_ms', 'joules', 'usd'] as const;

/** The run pass read into a store alone, for when no pairs files are written from it. */
export async function collectSides(db: Database): Promise<SideStore> {
  const pass = await openRunPass(db);
  const store = new SideStore(pass.keys);
  for await (const chunk of pass.chunks) store.add(chunk);
  return store;
}
