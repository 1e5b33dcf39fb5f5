import { z } from 'zod';
import { ComparableRunSchema } from '../../core/paired/run-row.ts';
import { loadSql, type Database } from '../duckdb.ts';

/**
 * The one pass over every answered run that both the pairs files (exporter/surfaces/comparison_pairs.ts)
 * and comparisons.json (through ./side-store.ts) are built from: exporter/sql/comparison_runs.sql,
 * streamed a chunk at a time. Sides, sweeps and tasks come as numbers into the keys read first
 * (exporter/sql/comparison_run_keys.sql): turning DuckDB strings into JavaScript ones costs about a
 * microsecond a value, and the four side fields, the sweep and the task repeat on every run.
 */

/** One side (model spec × experiment × arm × power level) and its answered runs, in pairs-file order. */
export interface RunSide {
  model: string;
  experiment: string;
  arm: string;
  power_level: string;
  runs: number;
}

/** What the numbers in a chunk point into: `sides[side]`, `sweeps[sweep]`, `tasks[task]`. */
export interface RunKeys {
  sides: RunSide[];
  sweeps: string[];
  tasks: string[];
}

const ComparableShape = ComparableRunSchema.shape;
const Index = z.number().int().nonnegative();

/** A chunk's columns, each checked whole against its schema on the way in. */
const CHUNK_COLUMNS = {
  side: Index,
  sweep: Index,
  task: Index,
  run_id: ComparableShape.run_id,
  recorded_at: ComparableShape.recorded_at,
  repeat: ComparableShape.repeat,
  sample: ComparableShape.sample,
  applied_w: ComparableShape.applied_w,
  passed: ComparableShape.passed,
  score: ComparableShape.score,
  format_score: ComparableShape.format_score,
  output_tokens: ComparableShape.output_tokens,
  wall_ms: ComparableShape.wall_ms,
  joules: ComparableShape.joules,
  usd: ComparableShape.usd,
  simulated: ComparableShape.simulated,
  harness_suspect: ComparableShape.harness_suspect,
};

export type RunColumns = { [Name in keyof typeof CHUNK_COLUMNS]: z.infer<(typeof CHUNK_COLUMNS)[Name]>[] };

/** About 2,048 runs of the pass, as columns. */
export interface RunChunk {
  rows: number;
  columns: RunColumns;
}

export interface RunPass {
  keys: RunKeys;
  chunks: AsyncIterable<RunChunk>;
}

const COLUMN_ARRAYS = Object.entries(CHUNK_COLUMNS).map(([name, schema]) => [name, z.array(schema)] as const);

/**
 * A chunk of comparison_runs.sql checked a column at a time: a wrong type, a null where none may be
 * or a key number out of range is a bug in the SQL, so it throws (failing the export) instead of
 * writing files the site refuses or pairing the wrong runs.
 */
export function checkedChunk(chunk: { rows: number; columns: Record<string, unknown[]> }, firstRow: number, keys: RunKeys): RunChunk {
  for (const [name, schema] of COLUMN_ARRAYS) {
    const parsed = schema.safeParse(chunk.columns[name]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const at = typeof issue.path[0] === 'number' ? ` row ${firstRow + issue.path[0]}` : '';
      throw new Error(`comparison_runs${at}: ${name}: ${issue.message}`);
    }
  }
  const columns = chunk.columns as unknown as RunColumns;
  const limits = { side: keys.sides.length, sweep: keys.sweeps.length, task: keys.tasks.length } as const;
  for (const [name, limit] of Object.entries(limits) as [keyof typeof limits, number][]) {
    const column = columns[name];
    for (let i = 0; i < chunk.rows; i++) {
      if (column[i]! >= limit) throw new Error(`comparison_runs row ${firstRow + i}: ${name}: ${column[i]} has no key (${limit} known)`);
    }
  }
  return { rows: chunk.rows, columns };
}

const SIDES_SQL = 'SELECT model, experiment, arm, power_level, runs FROM comparison_run_sides ORDER BY side';
const SWEEPS_SQL = 'SELECT sweep_id FROM comparison_run_sweeps ORDER BY sweep';
const TASKS_SQL = 'SELECT task_id FROM comparison_run_tasks ORDER BY task';
const DROP_KEYS_SQL = 'DROP TABLE IF EXISTS comparison_run_sides; DROP TABLE IF EXISTS comparison_run_sweeps; DROP TABLE IF EXISTS comparison_run_tasks;';

const SideRowSchema = z.object({ model: z.string(), experiment: z.string(), arm: z.string(), power_level: z.string(), runs: z.number().int().positive() });

/** Numbers the keys, reads them, and streams the runs; the key tables are dropped when the stream ends. */
export async function openRunPass(db: Database): Promise<RunPass> {
  await db.run(loadSql('comparison_run_keys'));
  try {
    const sides = (await db.query(SIDES_SQL)).map((row) => SideRowSchema.parse(row));
    const sweeps = (await db.query(SWEEPS_SQL)).map((row) => z.string().parse(row.sweep_id));
    const tasks = (await db.query(TASKS_SQL)).map((row) => z.string().parse(row.task_id));
    const keys = { sides, sweeps, tasks };
    return { keys, chunks: streamChunks(db, keys) };
  } catch (error) {
    await db.run(DROP_KEYS_SQL);
    throw error;
  }
}

async function* streamChunks(db: Database, keys: RunKeys): AsyncGenerator<RunChunk> {
  try {
    let seen = 0;
    for await (const chunk of db.streamColumns(loadSql('comparison_runs'))) {
      yield checkedChunk(chunk, seen, keys);
      seen += chunk.rows;
    }
  } finally {
    await db.run(DROP_KEYS_SQL);
  }
}
