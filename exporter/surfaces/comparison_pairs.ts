import { z } from 'zod';
import { exactNumberJson, PAIR_RUN_FIELDS } from '../../core/paired/pair-runs.ts';
import { DEFAULT_ALPHA } from '../../core/paired/verdict.ts';
import type { RunColumns, RunPass } from '../comparisons/run-pass.ts';
import type { SideStore } from '../comparisons/side-store.ts';
import { ComparisonPairsShardSchema, PairCellRowSchema, SURFACE_SCHEMA_VERSION, type ComparisonPairs } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { roundNumber, serializeSurface } from '../write.ts';
import { comparisonOptionsOf } from './comparisons.ts';
import { envelope, type SurfaceContext } from './context.ts';

/** Runs a pairs file holds at most (~120 bytes each, so a few MB a file): a big side is cut into parts. */
export const PAIR_FILE_RUNS = 25_000;

/** `comparison_pairs/pairs-0001.json`: 1-based over every side's parts, in side order. */
const pairsPath = (file: number) => `comparison_pairs/pairs-${String(file).padStart(4, '0')}.json`;

const sideKey = (row: { model: string; experiment: string; arm: string; power_level: string }) =>
  [row.model, row.experiment, row.arm, row.power_level].join('\u0000');

/** The sides in file order with their run counts, from the cell rows (already in side order). */
function sidesOf(cells: readonly z.infer<typeof PairCellRowSchema>[]): ComparisonPairs['sides'] {
  const sides: ComparisonPairs['sides'] = [];
  let file = 1;
  let current: ComparisonPairs['sides'][number] | undefined;
  for (const cell of cells) {
    if (current === undefined || sideKey(current) !== sideKey(cell)) {
      current = { model: cell.model, experiment: cell.experiment, arm: cell.arm, power_level: cell.power_level, runs: 0, files: [] };
      sides.push(current);
    }
    current.runs += cell.runs;
  }
  for (const side of sides) {
    for (let part = 0; part * PAIR_FILE_RUNS < side.runs; part++) side.files.push(pairsPath(file++));
  }
  return sides;
}

const COLUMNS = {
  sweep_id: { unit: 'id', description: 'the sweep that recorded the runs' },
  runs: { unit: 'runs', description: 'answered runs (not transport failures) of this sweep on this side at this applied limit' },
  applied_w: { unit: 'W', description: 'the power limit in force; null when none was recorded' },
};

/**
 * data/comparison_pairs.json: the answered runs per sweep and side, the side files and the
 * export's comparison options, so the site can recompute comparisons.json for any sweep subset.
 */
export async function buildComparisonPairs(context: SurfaceContext): Promise<ComparisonPairs> {
  const options = comparisonOptionsOf(context);
  const cells = (await context.db.query(loadSql('comparison_pair_cells'))).map((row) => PairCellRowSchema.parse(row));
  return {
    ...envelope('comparison_pairs', context, cells, COLUMNS),
    options: { candidates: options.candidates, margin_points: options.marginPoints, holm: options.holm, alpha: DEFAULT_ALPHA },
    sides: sidesOf(cells),
  };
}

/**
 * One value of a tuple as toJson writes it: numbers rounded by roundNumber, the rest as JSON.
 * An exact field's number is spelled by exactNumberJson, which gives exactNumber's choice as JSON
 * (the column check let only finite numbers through).
 */
function valueJson(value: string | number | boolean | null, exact: boolean): string {
  if (typeof value === 'number') return exact ? exactNumberJson(value) : String(roundNumber(value));
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The tuple's fields after the sweep index, with their columns; the task comes as its number. */
type TupleField = { column: (string | number | boolean | null)[]; exact: boolean; task: boolean };
const tupleColumns = (columns: RunColumns): TupleField[] =>
  PAIR_RUN_FIELDS.map(([field, exact]) => (field === 'task_id' ? { column: columns.task, exact, task: true } : { column: columns[field], exact, task: false }));

/**
 * Rows of a pairs file as serializeSurface writes encodePairRun's tuples, straight from the columns.
 * Each row's parts are joined, not appended one by one: V8 keeps `+=` text as a tree of pieces,
 * and flattening 16 of them a row cost more than all the encoding (bench/RESULTS.md).
 */
function pushPairRunsJson(rows: string[], span: Span, sweepIndex: (sweep: number) => number, taskJson: readonly string[]): void {
  const fields = tupleColumns(span.columns);
  const sweep = span.columns.sweep;
  const parts = new Array<string>(fields.length + 1);
  for (let i = span.start; i < span.end; i++) {
    parts[0] = String(sweepIndex(sweep[i]!));
    for (let k = 0; k < fields.length; k++) {
      const { column, exact, task } = fields[k]!;
      parts[k + 1] = task ? taskJson[column[i] as number]! : valueJson(column[i]!, exact);
    }
    rows.push(`[${parts.join(',')}]`);
  }
}

/** One pairs file: its path, its run count and its bytes. */
export interface PairsFile {
  path: string;
  rows: number;
  data: string;
}

/** Rows `start` to `end` (exclusive) of one checked chunk. */
interface Span {
  columns: RunColumns;
  start: number;
  end: number;
}

/**
 * The side files comparison_pairs.json lists, from the run pass (exporter/comparisons/run-pass.ts)
 * in its order: each side's runs in pairing order, cut every PAIR_FILE_RUNS runs, so no file nears
 * the 50 MB limit whatever the ledgers. Rows are written from the pass's columns without a run
 * object each (bench/RESULTS.md, "Pairs files written from columns"); the envelope is checked
 * against ComparisonPairsShardSchema. `sides`, when given, keeps every run for comparisons.json.
 */
export async function* buildComparisonPairFiles(context: SurfaceContext, pass: RunPass, sides?: SideStore): AsyncGenerator<PairsFile> {
  const { keys } = pass;
  const taskJson = keys.tasks.map((task) => JSON.stringify(task));
  let file = 0;
  let spans: Span[] = [];
  let runs = 0;
  let side = -1;
  const cut = (): PairsFile => {
    file += 1;
    const numbers = new Set<number>();
    for (const { columns, start, end } of spans) for (let i = start; i < end; i++) numbers.add(columns.sweep[i]!);
    const sweeps = [...numbers].map((n) => keys.sweeps[n]!).sort();
    const index = new Map(sweeps.map((sweep, i) => [sweep, i]));
    const { model, experiment, arm, power_level } = keys.sides[side]!;
    const head = {
      surface: 'comparison_pairs_side',
      schema_version: SURFACE_SCHEMA_VERSION,
      generated_from: context.generatedFrom,
      side: { model, experiment, arm, power_level },
      sweeps,
      rows: [],
    };
    ComparisonPairsShardSchema.parse(head);
    const rows: string[] = [];
    const sweepIndex = sweeps.length === 1 ? () => 0 : (sweep: number) => index.get(keys.sweeps[sweep]!)!;
    for (const span of spans) pushPairRunsJson(rows, span, sweepIndex, taskJson);
    // serializeSurface's opening line, rows left out: its text for no rows ends `]}\n`.
    const opening = serializeSurface(head).slice(0, -3);
    const count = runs;
    spans = [];
    runs = 0;
    return { path: pairsPath(file), rows: count, data: `${opening}\n${rows.join(',\n')}\n]}\n` };
  };
  for await (const chunk of pass.chunks) {
    sides?.add(chunk);
    const column = chunk.columns.side;
    let start = 0;
    for (let i = 0; i < chunk.rows; i++) {
      const sideEnds = column[i] !== side;
      if (runs > 0 && (sideEnds || runs >= PAIR_FILE_RUNS)) {
        if (i > start) spans.push({ columns: chunk.columns, start, end: i });
        start = i;
        yield cut();
      }
      side = column[i]!;
      runs += 1;
    }
    if (chunk.rows > start) spans.push({ columns: chunk.columns, start, end: chunk.rows });
  }
  if (runs > 0) yield cut();
}
