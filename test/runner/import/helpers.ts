import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type ImportIo } from '../../../runner/commands/import.ts';
import { scoreWithOurEvaluator } from '../../../runner/import/rescore.ts';
import { RunRecordSchema, type RunRecord } from '../../../schema/run-record.ts';

export const IMPORT_FIXTURES = join(import.meta.dirname, '../../fixtures/import');

export const fixture = (...parts: string[]) => join(IMPORT_FIXTURES, ...parts);

/** A fresh ledgers folder in the system's temp dir. */
export const tempFolder = () => mkdtempSync(join(tmpdir(), 'lb-import-'));

/** Runs `ledgerbench import` with its output recorded; the real evaluators unless `score` is given. */
export async function runImport(args: string[], score: ImportIo['score'] = scoreWithOurEvaluator): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), score });
  return { code, out };
}

/** Every record of a ledger, validated against ledgerbench.run/1. */
export function readLedger(file: string): RunRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
}

/** The folder's entries, temporary files included: a failed import must leave nothing behind. */
export const entries = (folder: string) => (existsSync(folder) ? readdirSync(folder).sort() : []);
