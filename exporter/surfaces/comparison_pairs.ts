import { z } from 'zod';
import { encodePairRun, type SweepRun } from '../../core/paired/pair-runs.ts';
import { DEFAULT_ALPHA } from '../../core/paired/verdict.ts';
import { ComparableRunSchema } from '../../core/paired/run-row.ts';
import { PairCellRowSchema, SURFACE_SCHEMA_VERSION, type ComparisonPairs } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { serializeSurface } from '../write.ts';
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

const SweepRunSchema = ComparableRunSchema.extend({ sweep_id: z.string() });

/** One pairs file: its path, its run count and its bytes. */
export interface PairsFile {
  path: string;
  rows: number;
  data: string;
}

/**
 * The side files comparison_pairs.json lists, streamed in its order: each side's runs in pairing
 * order, cut every PAIR_FILE_RUNS runs, so no file nears the 50 MB limit whatever the ledgers.
 */
export async function* buildComparisonPairFiles(context: SurfaceContext): AsyncGenerator<PairsFile> {
  let file = 0;
  let side: SweepRun | undefined;
  let runs: SweepRun[] = [];
  const cut = (): PairsFile => {
    file += 1;
    const first = runs[0]!;
    const sweeps = [...new Set(runs.map((run) => run.sweep_id))].sort();
    const index = new Map(sweeps.map((sweep, i) => [sweep, i]));
    const body = {
      surface: 'comparison_pairs_side',
      schema_version: SURFACE_SCHEMA_VERSION,
      generated_from: context.generatedFrom,
      side: { model: first.model, experiment: first.experiment, arm: first.arm, power_level: first.power_level },
      sweeps,
      rows: runs.map((run) => encodePairRun(run, index.get(run.sweep_id)!)),
    };
    runs = [];
    return { path: pairsPath(file), rows: body.rows.length, data: serializeSurface(body) };
  };
  for await (const chunk of context.db.streamColumns(loadSql('comparison_pair_runs'))) {
    const names = Object.keys(chunk.columns);
    for (let i = 0; i < chunk.rows; i++) {
      const run = SweepRunSchema.parse(Object.fromEntries(names.map((name) => [name, chunk.columns[name]![i]])));
      if (runs.length > 0 && (runs.length >= PAIR_FILE_RUNS || sideKey(run) !== sideKey(side!))) yield cut();
      side = run;
      runs.push(run);
    }
  }
  if (runs.length > 0) yield cut();
}
