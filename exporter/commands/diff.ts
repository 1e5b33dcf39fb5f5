import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import { ModelRankingsSchema } from '../../schema/surfaces/model-rankings.ts';
import { ModelTaskSchema } from '../../schema/surfaces/model-task.ts';
import { DEFAULT_THRESHOLDS, describeRow, diffExports, type DiffThresholds, type ExportTables } from './export-diff.ts';

const HELP = `usage: ledgerbench diff OLD_DATA_DIR NEW_DATA_DIR [options]

A CI guard between two exports (model_rankings.json and model_task.json). Per row (model × suite ×
arm × power level), tasks are paired across the exports and each task counts once, its repeats
pooled. Exit 1 when, in any row:
  - tasks passed (a strict majority of a task's repeats) fell: more tasks lost than gained,
    McNemar's exact p < --alpha;
  - mean output tokens, mean wall time or joules per passed task rose by more than the limit, with
    the 95% bootstrap interval (over paired tasks) wholly above no change;
  - a row, a suite or a task of the old export is missing from the new one (unless --allow-vanished).
Exit 0 when nothing regressed or vanished (identical exports included); 2 on a bad flag or a
missing folder or file. Prints one line for each thing that vanished, regressed or improved.

  --alpha P               significance for the pass guard (default ${DEFAULT_THRESHOLDS.alpha})
  --max-tokens-increase N   percent rise of mean output tokens tolerated (default ${DEFAULT_THRESHOLDS.tokensPct})
  --max-latency-increase N  percent rise of mean wall time tolerated (default ${DEFAULT_THRESHOLDS.latencyPct})
  --max-energy-increase N   percent rise of joules per passed task tolerated (default ${DEFAULT_THRESHOLDS.energyPct})
  --allow-vanished        report rows, suites and tasks missing from the new export without failing
  --json                  print the whole comparison as JSON
  --debug                 print stack traces on failure
  -h, --help              this text`;

/** One surface of an export folder, validated; one located line when it is missing or wrong. */
function readSurface<T extends z.ZodType>(dir: string, file: string, schema: T): z.infer<T> {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CliError(`${dir}: no such folder; pass two export folders (ledgerbench export --out DIR)`);
  }
  if (!isDir) throw new CliError(`${dir}: not a folder; pass two export folders (ledgerbench export --out DIR)`);
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path}: missing; is ${dir} an export? (ledgerbench export --out ${dir})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function readExport(dir: string): ExportTables & { simulated: boolean } {
  const rankings = readSurface(dir, 'model_rankings.json', ModelRankingsSchema).rows;
  const tasks = readSurface(dir, 'model_task.json', ModelTaskSchema).rows;
  return { rankings, tasks, simulated: rankings.some((row) => row.simulated) };
}

function percentFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(number) && number >= 0)) {
    throw new CliError(`--${name} ${value}: expected a percentage of 0 or more, e.g. --${name} 10`);
  }
  return number;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'diff',
    argv,
    {
      json: { type: 'boolean', default: false },
      alpha: { type: 'string' },
      'max-tokens-increase': { type: 'string' },
      'max-latency-increase': { type: 'string' },
      'max-energy-increase': { type: 'string' },
      'allow-vanished': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 2) {
    throw new CliError(`expected two export folders, got ${parsed.positionals.length}: ledgerbench diff OLD_DATA_DIR NEW_DATA_DIR`);
  }
  const alpha = values.alpha === undefined ? DEFAULT_THRESHOLDS.alpha : Number(values.alpha);
  if (!(Number.isFinite(alpha) && alpha > 0 && alpha < 1))
    throw new CliError(`--alpha ${values.alpha}: expected a probability between 0 and 1, e.g. --alpha 0.05`);
  const thresholds: DiffThresholds = {
    alpha,
    tokensPct: percentFlag('max-tokens-increase', values['max-tokens-increase'] as string | undefined, DEFAULT_THRESHOLDS.tokensPct),
    latencyPct: percentFlag('max-latency-increase', values['max-latency-increase'] as string | undefined, DEFAULT_THRESHOLDS.latencyPct),
    energyPct: percentFlag('max-energy-increase', values['max-energy-increase'] as string | undefined, DEFAULT_THRESHOLDS.energyPct),
  };
  const [oldDir, newDir] = parsed.positionals as [string, string];
  const before = readExport(oldDir);
  const after = readExport(newDir);
  const diff = diffExports(before, after, thresholds, values['allow-vanished'] === true);
  const simulated = before.simulated || after.simulated;
  const exitCode = diff.failed ? 1 : 0;
  const regressed = diff.rows.filter((row) => row.regressed).length;
  if (values.json) {
    console.log(JSON.stringify({ failed: diff.failed, regressed, simulated, thresholds, vanished_suites: diff.vanishedSuites, rows: diff.rows }, null, 2));
    return exitCode;
  }
  // Simulated data is always flagged: a "regression" between two simulator runs measures no model.
  if (simulated) console.log('SIMULATED: some rows come from the built-in simulator (sim:), not from a real model or GPU.');
  for (const suite of diff.vanishedSuites) {
    const rows = diff.rows.filter((row) => row.experiment === suite && row.status === 'vanished').length;
    console.log(`VANISHED  suite ${suite}: missing from the new export (${rows} rows)`);
  }
  for (const row of diff.rows) for (const line of describeRow(row)) console.log(line);
  const count = (status: string) => diff.rows.filter((row) => row.status === status).length;
  const partial = diff.rows.filter((row) => row.vanishedTasks.length > 0).length;
  console.log(
    `${diff.rows.length} rows: ${regressed} regressed, ${count('vanished')} vanished, ${partial} lost tasks, ${count('added')} added; ` +
      `${diff.vanishedSuites.length} suites vanished. Limits: tasks passed (McNemar p < ${thresholds.alpha}), output tokens +${thresholds.tokensPct}%, ` +
      `wall time +${thresholds.latencyPct}%, joules per passed task +${thresholds.energyPct}%` +
      (values['allow-vanished'] === true ? ' (vanished allowed)' : ''),
  );
  return exitCode;
}
