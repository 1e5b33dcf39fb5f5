import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { displayPath } from '../sweep/display-path.ts';
import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { ToolSchema } from '../../schema/run-record.ts';
import { ShardSchema } from '../../schema/shard.ts';
import { SweepOptionsSchema } from '../sweep/options.ts';

export const SWEEP_SCHEMA = 'ledgerbench.sweep/1';

/** A plan's size and fingerprint (sha256 of its run ids and task ids in order). */
const PlanSummarySchema = z.object({ runs: z.number().int().nonnegative(), hash: z.string().min(1) });

/**
 * `<sweep_id>.sweep.json`, beside the ledger: the sweep's resolved options, so `--resume`
 * rebuilds the identical plan, and the plan's size and fingerprint to prove it did.
 */
export const SweepSidecarSchema = z.object({
  schema: z.literal(SWEEP_SCHEMA),
  sweep_id: z.string().min(1),
  created_at: z.iso.datetime(),
  /** The ledger's file name, in the sidecar's folder. */
  ledger: z.string().min(1),
  options: SweepOptionsSchema,
  /** The runs this ledger is for: the whole sweep's, or on a shard that shard's part. */
  plan: PlanSummarySchema,
  /** `--shard K/N`: which part of the sweep this ledger holds; absent when the sweep is not sharded. */
  shard: ShardSchema.optional(),
  /** A shard's whole sweep plan, which every shard of the sweep must share. */
  sweep_plan: PlanSummarySchema.optional(),
  tool: ToolSchema,
});

export type SweepSidecar = z.infer<typeof SweepSidecarSchema>;
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

export function sidecarPathFor(ledgerPath: string, sweepId: string): string {
  return join(dirname(ledgerPath), `${sweepId}.sweep.json`);
}

export function ledgerPathOf(sidecarPath: string, sidecar: SweepSidecar): string {
  return join(dirname(sidecarPath), sidecar.ledger);
}

/**
 * Writes the sidecar once, synced, before the ledger's first line. It appears whole or not at all:
 * the text goes to a temporary file first and is then hard-linked into place (link(2) fails when
 * the name exists, so the create stays exclusive). Opening the final name and then writing left an
 * empty sidecar behind a process killed in between, and that sweep could not be resumed.
 */
export function writeSidecar(path: string, sidecar: SweepSidecar): void {
  const text = `${JSON.stringify(SweepSidecarSchema.parse(sidecar), null, 2)}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temporary, 'w');
  } catch (error) {
    throw new CliError(`${path}: cannot create the sweep file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkOrRename(temporary, path);
  } catch (error) {
    throw new CliError(`${path}: cannot create the sweep file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** link(2) where the file system has hard links; elsewhere a rename after an existence check. */
function linkOrRename(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || existsSync(to)) throw error;
    renameSync(from, to);
  }
}

/** Finds and validates the sidecar of `sweepId` in the given folders, first match wins. */
export function findSidecar(sweepId: string, folders: string[]): { path: string; sidecar: SweepSidecar } {
  const candidates = folders.map((folder) => join(folder, `${sweepId}.sweep.json`));
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) {
    const where = [...new Set(folders)].join(', ');
    throw new CliError(`no sweep '${sweepId}' found (looked for ${sweepId}.sweep.json in ${where}); pass --ledgers-dir DIR or --out FILE where it ran`);
  }
  return { path, sidecar: readSidecar(path, sweepId) };
}

/** Reads and validates one sidecar; every problem is one CliError line naming the file. */
export function readSidecar(path: string, sweepId: string): SweepSidecar {
  const shown = displayPath(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${shown}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = SweepSidecarSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${shown}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (parsed.data.sweep_id !== sweepId) throw new CliError(`${shown}: sweep_id is '${parsed.data.sweep_id}', expected '${sweepId}'`);
  return parsed.data;
}
