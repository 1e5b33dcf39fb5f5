import { z } from 'zod';
import type { ComparableRun } from '../../core/paired/run-row.ts';
import { loadSql, type Database, type SqlValue } from '../duckdb.ts';
import { COLUMN_KINDS, fits, type ColumnKind } from './side-rows.ts';

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

/** A chunk's columns and what each value must be: the run fields as ComparableRunSchema has them, and the key numbers. */
const CHUNK_COLUMNS = {
  side: 'index',
  sweep: 'index',
  task: 'index',
  run_id: COLUMN_KINDS.run_id,
  recorded_at: COLUMN_KINDS.recorded_at,
  repeat: COLUMN_KINDS.repeat,
  sample: COLUMN_KINDS.sample,
  applied_w: COLUMN_KINDS.applied_w,
  passed: COLUMN_KINDS.passed,
  score: COLUMN_KINDS.score,
  format_score: COLUMN_KINDS.format_score,
  output_tokens: COLUMN_KINDS.output_tokens,
  wall_ms: COLUMN_KINDS.wall_ms,
  joules: COLUMN_KINDS.joules,
  usd: COLUMN_KINDS.usd,
  simulated: COLUMN_KINDS.simulated,
  harness_suspect: COLUMN_KINDS.harness_suspect,
} as const satisfies Record<string, ColumnKind>;

type RunField = Exclude<keyof typeof CHUNK_COLUMNS, 'side' | 'sweep' | 'task'>;
export type RunColumns = { side: number[]; sweep: number[]; task: number[] } & { [Field in RunField]: ComparableRun[Field][] };

/** About 2,048 runs of the pass, as columns. */
export interface RunChunk {
  rows: number;
  columns: RunColumns;
}

export interface RunPass {
  keys: RunKeys;
  chunks: AsyncIterable<RunChunk>;
}

const KEY_LIMITS = { side: 'sides', sweep: 'sweeps', task: 'tasks' } as const;

/**
 * A chunk of comparison_runs.sql checked a column at a time (a typeof loop: zod's array check cost
 * more than a microsecond a run): a wrong type, a null where none may be or a key number out of
 * range is a bug in the SQL, so it throws (failing the export) instead of writing files the site
 * refuses or pairing the wrong runs.
 */
export function checkedChunk(chunk: { rows: number; columns: Record<string, unknown[]> }, firstRow: number, keys: RunKeys): RunChunk {
  for (const [name, kind] of Object.entries(CHUNK_COLUMNS)) {
    const column = chunk.columns[name];
    if (column === undefined) throw new Error(`comparison_runs: ${name}: the column is missing`);
    for (let i = 0; i < chunk.rows; i++) {
      if (!fits(kind, column[i] as SqlValue))
        throw new Error(`comparison_runs row ${firstRow + i}: ${name}: expected ${kind}, got ${JSON.stringify(column[i])}`);
    }
  }
  for (const [name, list] of Object.entries(KEY_LIMITS) as [keyof typeof KEY_LIMITS, keyof RunKeys][]) {
    const column = chunk.columns[name] as number[];
    const limit = keys[list].length;
    for (let i = 0; i < chunk.rows; i++) {
      if (column[i]! >= limit) throw new Error(`comparison_runs row ${firstRow + i}: ${name}: ${column[i]} has no key (${limit} known)`);
    }
  }
  return { rows: chunk.rows, columns: chunk.columns as unknown as RunColumns };
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
