import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import { ModelRankingsSchema, type ModelRankings } from '../../schema/surfaces/model-rankings.ts';
import { describeMove, diffRankings } from './export-diff.ts';

const HELP = `usage: ledgerbench diff OLD_DATA_DIR NEW_DATA_DIR [--json]

Compares two exports' model_rankings.json, model × suite × arm × power level, and exits 1 when any
pass rate regressed significantly: Newcombe's 95% interval for new − old (independent proportions,
the runs are not paired across exports) lies wholly below zero. Every run counts as one trial,
repeats of a task included, so many repeats narrow the interval more than the tasks alone justify:
a flagged row is a prompt to look, not a verdict. Prints every row that moved.
Exit 0 when nothing regressed (identical exports included); 2 on a missing folder or file.

  --json      print every row's movement as JSON
  --debug     print stack traces on failure
  -h, --help  this text`;

/** A folder's model_rankings.json, validated; one located line when it is missing or wrong. */
function readRankings(dir: string): ModelRankings {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new CliError(`${dir}: no such folder; pass two export folders (ledgerbench export --out DIR)`);
  }
  if (!isDir) throw new CliError(`${dir}: not a folder; pass two export folders (ledgerbench export --out DIR)`);
  const path = join(dir, 'model_rankings.json');
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
  const parsed = ModelRankingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'diff',
    argv,
    { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    true,
  );
  if (parsed.values.help) {
    console.log(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 2) {
    throw new CliError(`expected two export folders, got ${parsed.positionals.length}: ledgerbench diff OLD_DATA_DIR NEW_DATA_DIR`);
  }
  const [oldDir, newDir] = parsed.positionals as [string, string];
  const before = readRankings(oldDir).rows;
  const after = readRankings(newDir).rows;
  const moves = diffRankings(before, after);
  const simulated = [...before, ...after].some((row) => row.simulated);
  const regressed = moves.filter((move) => move.movement === 'regressed').length;
  if (parsed.values.json) {
    console.log(JSON.stringify({ regressed, simulated, moves }, null, 2));
    return regressed > 0 ? 1 : 0;
  }
  const order = ['regressed', 'improved', 'changed', 'added', 'removed'] as const;
  // Simulated data is always flagged: a "regression" between two simulator runs measures no model.
  if (simulated) console.log('SIMULATED: some rows come from the built-in simulator (sim:), not from a real model or GPU.');
  for (const movement of order) for (const move of moves.filter((m) => m.movement === movement)) console.log(describeMove(move));
  const count = (movement: string) => moves.filter((m) => m.movement === movement).length;
  console.log(
    `${moves.length} rows: ${regressed} regressed significantly, ${count('improved')} improved, ${count('changed')} changed without ` +
      `significance, ${count('added')} added, ${count('removed')} removed, ${count('unchanged')} unchanged`,
  );
  return regressed > 0 ? 1 : 0;
}
