import { DEFAULT_POWER_LEVEL, readPowerLevelKey } from '../../core/power-level.ts';
import { parseMarginPoints } from '../../core/margin.ts';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import { compareRuns } from '../../core/paired/compare.ts';
import { loadComparableRuns } from './compare-runs.ts';
import { planComparisons } from '../../core/paired/plan.ts';
import type { ComparableRun } from '../../core/paired/run-row.ts';
import type { ComparisonRow } from '../../schema/surfaces/comparisons.ts';
import { comparisonTable } from './compare-table.ts';
import { judgeNoteLines, judgeRowsFor } from './compare-judges.ts';
import { DEFAULT_MARGIN_POINTS } from '../../core/paired/verdict.ts';

const HELP = `usage: ledgerbench compare --original MODEL --candidate MODEL [--margin 5] [--ledgers GLOB] [--holm] [--json]

Pairs the two models' runs on (suite, task, arm, repeat, sample, power level); a task's outcome
on each side is the majority of its paired repeats (ties fail), so rates, b/c and McNemar count
tasks, not runs. Prints, per suite: both task pass rates (majority over repeats) with Wilson 95% intervals, the paired difference (candidate − original)
with Newcombe's interval, the discordant counts b/c, McNemar's exact p, the cost and energy
deltas, and a verdict: significant_regression, significant_improvement, non_inferior,
inconclusive or insufficient_evidence (docs/comparisons.md).

  --original MODEL   the model in use, as a --models spec: qwen3:14b, openai:NAME, sim:large
  --candidate MODEL  the cheaper model to test in its place
  --margin POINTS    non-inferiority margin in percentage points (default ${DEFAULT_MARGIN_POINTS})
  --ledgers GLOB     ledgers to read, quoted so the shell leaves it alone (default: 'ledgers/**/*.jsonl')
  --holm             Holm-correct McNemar p across the suites compared (without it, α = 0.05 per row)
  --json             print the rows and recommendations as JSON (as in data/comparisons.json)
  --debug            print stack traces on failure
  -h, --help         this text`;

interface CompareArgs {
  original: string;
  candidate: string;
  marginPoints: number;
  ledgers: string;
  holm: boolean;
  json: boolean;
}

function parse(argv: string[]): CompareArgs | null {
  const { values } = parseCommandArgs('compare', argv, {
    original: { type: 'string' },
    candidate: { type: 'string' },
    margin: { type: 'string', default: String(DEFAULT_MARGIN_POINTS) },
    ledgers: { type: 'string', default: 'ledgers/**/*.jsonl' },
    holm: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return null;
  if (values.original === undefined || values.candidate === undefined) {
    throw new CliError('name both models: --original MODEL --candidate MODEL (see ledgerbench compare --help)');
  }
  const marginPoints = parseMarginPoints(values.margin);
  if (values.original === values.candidate) {
    throw new CliError(`--original and --candidate are both ${values.original}: name two different models`);
  }
  return { original: values.original, candidate: values.candidate, marginPoints, ledgers: values.ledgers, holm: values.holm, json: values.json };
}

const suitesOf = (runs: readonly ComparableRun[], model: string) => [...new Set(runs.filter((run) => run.model === model).map((run) => run.experiment))].sort();

/** Checks that both models are there and share a suite; one clear line otherwise. */
function checkModels(runs: readonly ComparableRun[], args: CompareArgs, rejected = 0): void {
  const present = [...new Set(runs.map((run) => run.model))].sort();
  if (present.length === 0 && rejected > 0) {
    throw new CliError(
      `no valid run record in ${args.ledgers}: all ${rejected} lines were rejected; ledgerbench export --ledgers '${args.ledgers}' --out DIR lists why in DIR/verification.json`,
    );
  }
  for (const model of [args.original, args.candidate]) {
    if (!present.includes(model)) {
      const list = present.length === 0 ? 'none' : present.join(', ');
      throw new CliError(`model ${model} is not in the ledgers (${args.ledgers}); models present: ${list}`);
    }
  }
  const originalSuites = suitesOf(runs, args.original);
  const candidateSuites = suitesOf(runs, args.candidate);
  if (!originalSuites.some((suite) => candidateSuites.includes(suite))) {
    throw new CliError(
      `${args.original} and ${args.candidate} share no suite: ${args.original} ran ${originalSuites.join(', ')}; ` +
        `${args.candidate} ran ${candidateSuites.join(', ')}. Run both on the same --experiments`,
    );
  }
}

/** A power level as a number for ordering (`50` < `75` < `100`, `250w` by its watts); `default` and other names after. */
const levelNumber = (level: string) => {
  const read = readPowerLevelKey(level);
  return read === null || read === DEFAULT_POWER_LEVEL ? Number.POSITIVE_INFINITY : read.value;
};

/** Display order: power level by number (the export orders by text, so 100 came before 50), then by name. */
export function byPowerLevel(a: { original_power_level: string }, b: { original_power_level: string }): number {
  const x = levelNumber(a.original_power_level);
  const y = levelNumber(b.original_power_level);
  if (x !== y) return x < y ? -1 : 1;
  return compareText(a.original_power_level, b.original_power_level);
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the reader needs before the numbers: what the rates count (tasks, each by the majority of
 * its repeats, not runs), that α is per comparison unless --holm, and that simulated runs measure
 * no real model.
 */
export function headerLines(rows: readonly ComparisonRow[], args: Pick<CompareArgs, 'original' | 'candidate' | 'marginPoints' | 'holm'>): string[] {
  const alpha = rows[0]?.alpha ?? 0.05;
  const correction = rows.length > 1 && !args.holm ? ` per comparison, not corrected for the ${rows.length} comparisons (--holm corrects across suites)` : '';
  const lines = [
    `${args.original} → ${args.candidate}: ${rows.length} comparison${rows.length === 1 ? '' : 's'}, non-inferiority margin ${args.marginPoints} points, α = ${alpha}${correction}`,
    `Task pass rates and b/c count paired tasks (transport failures are not answers and never pair), each decided by the ${rows[0]?.outcome_rule ?? 'majority of paired repeats (ties fail)'}: more repeats do not add tasks.`,
  ];
  if (rows.some((row) => row.simulated)) lines.push('SIMULATED: these runs come from the built-in simulator (sim:), not from a real model or GPU.');
  return lines;
}

/** Runs that found no partner do not count; the reader should know how many were set aside. */
const excludedNote = (row: ComparisonRow) =>
  row.unpaired_runs_excluded > 0
    ? ` ${row.unpaired_runs_excluded} run${row.unpaired_runs_excluded === 1 ? '' : 's'} without a partner on the other side (or superseded by a rerun) left out.`
    : '';

export async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === null) {
    console.log(HELP);
    return 0;
  }
  const loaded = await loadComparableRuns(args.ledgers);
  checkModels(loaded.runs, args, loaded.rejected);
  const runs = loaded.runs.filter((run) => run.model === args.original || run.model === args.candidate);
  const specs = planComparisons(runs, {}, [[args.original, args.candidate]]).filter((spec) => spec.kind === 'model');
  const result = compareRuns(runs, { candidates: {}, specs, marginPoints: args.marginPoints, holm: args.holm });
  if (result.rows.length === 0) {
    throw new CliError(
      `no paired runs: ${args.original} and ${args.candidate} share a suite but no (task, arm, repeat, sample, power level); ` +
        'run both with the same --experiments, --arms, --repeats and --tdp-levels',
    );
  }
  // Judged suites carry their judge's reliability beside the verdict (a second read of the ledgers).
  const compared = new Set(result.rows.map((row) => row.experiment));
  const judges = (await judgeRowsFor(args.ledgers, [args.original, args.candidate])).filter((row) => compared.has(row.experiment));
  if (args.json) {
    console.log(JSON.stringify({ rows: result.rows, recommendations: result.recommendations, judge_reliability: judges }, null, 2));
    return 0;
  }
  const rows = [...result.rows].sort(byPowerLevel);
  const recommendations = [...result.recommendations].sort(byPowerLevel);
  for (const line of headerLines(rows, args)) console.log(line);
  console.log(comparisonTable(rows));
  console.log('');
  for (const row of rows) console.log(`${row.experiment} (${row.arm}, ${row.original_power_level}): ${row.verdict_reason}${excludedNote(row)}`);
  for (const recommendation of recommendations) console.log(`${recommendation.experiment} (${recommendation.arm}): ${recommendation.message}`);
  for (const line of judgeNoteLines(judges)) console.log(line);
  if (loaded.rejected > 0) console.log(`(${loaded.rejected} ledger lines were rejected; run ledgerbench export and see data/verification.json)`);
  return 0;
}
