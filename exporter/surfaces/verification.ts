import {
  EnergyValidityRowSchema,
  HarnessSuspectCountSchema,
  IntegrityViolationRowSchema,
  SURFACE_SCHEMA_VERSION,
  type RejectedLine,
  type Verification,
} from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import type { LoadedLedgers } from '../ledgers/load.ts';
import { byFields } from './order.ts';
import type { SurfaceContext } from './context.ts';

/** Rejected lines listed one by one; past this only the counts grow, so the file stays bounded. */
export const MAX_LISTED_LINES = 10_000;
/** Distinct energy reasons listed; the rest fold into one "(other reasons)" row per method and validity. */
export const MAX_ENERGY_ROWS = 500;

type EnergyRow = Verification['energy_validity'][number];

/** Lines that count as rejected: every problem line except skipped empty ones. */
export function countRejected(rejected: readonly RejectedLine[]): number {
  return rejected.filter((line) => line.kind !== 'empty').length;
}

/** The loader's findings + energy validity counts → verification.json. Pure. */
export function shapeVerification(
  loaded: LoadedLedgers,
  energy: readonly EnergyRow[],
  generatedFrom: Verification['generated_from'],
  integrity: Verification['integrity_violations'] = [],
  suspects: Verification['harness_suspects'] = [],
): Verification {
  const problems = [...loaded.problems];
  if (loaded.rejected.length > MAX_LISTED_LINES) {
    problems.push(`only the first ${MAX_LISTED_LINES} of ${loaded.rejected.length} problem lines are listed`);
  }
  if (loaded.superseded.length > MAX_LISTED_LINES) {
    problems.push(`only the first ${MAX_LISTED_LINES} of ${loaded.superseded.length} superseded attempts are listed`);
  }
  return {
    surface: 'verification',
    schema_version: SURFACE_SCHEMA_VERSION,
    generated_from: generatedFrom,
    summary: {
      ledger_files: loaded.files.length,
      lines: loaded.lines,
      accepted: loaded.accepted,
      rejected: countRejected(loaded.rejected),
      duplicates: loaded.duplicates,
      superseded: loaded.superseded.length,
      simulated: loaded.simulated,
      problems,
    },
    energy_validity: foldEnergyRows(energy),
    integrity_violations: [...integrity],
    harness_suspects: [...suspects],
    superseded: loaded.superseded.slice(0, MAX_LISTED_LINES),
    // The loader records lines in (file, line) order already; listing stays in that order.
    rows: loaded.rejected.slice(0, MAX_LISTED_LINES),
  };
}

function foldEnergyRows(rows: readonly EnergyRow[]): EnergyRow[] {
  if (rows.length <= MAX_ENERGY_ROWS) return [...rows].sort(byFields('method', 'valid', 'reason'));
  const kept = [...rows].sort(byFields('-count', 'method', 'valid', 'reason')).slice(0, MAX_ENERGY_ROWS);
  const keptSet = new Set(kept);
  const other = new Map<string, EnergyRow>();
  for (const row of rows) {
    if (keptSet.has(row)) continue;
    const key = `${row.method}\u0000${row.valid}`;
    const folded = other.get(key) ?? { method: row.method, valid: row.valid, reason: '(other reasons)', count: 0 };
    folded.count += row.count;
    other.set(key, folded);
  }
  return [...kept, ...other.values()].sort(byFields('method', 'valid', 'reason'));
}

export async function buildVerification(context: SurfaceContext): Promise<Verification> {
  const energy = (await context.db.query(loadSql('energy_validity'))).map((row) => EnergyValidityRowSchema.parse(row));
  const integrity = (await context.db.query(loadSql('integrity_violations'))).map((row) => IntegrityViolationRowSchema.parse(row));
  const suspects = (await context.db.query(loadSql('harness_suspects'))).map((row) => HarnessSuspectCountSchema.parse(row));
  return shapeVerification(context.loaded, energy, context.generatedFrom, integrity, suspects);
}
