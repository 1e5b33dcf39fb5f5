import { parseArgs } from 'node:util';
import { CliError } from '../../lib/cli-error.ts';
import { compareRuns } from '../comparisons/build.ts';
import { loadComparableRuns } from '../comparisons/load-runs.ts';
import { planComparisons } from '../comparisons/plan.ts';
import type { ComparableRun } from '../comparisons/run-row.ts';
import { comparisonTable } from '../comparisons/table.ts';
import { DEFAULT_MARGIN_POINTS } from '../comparisons/verdict.ts';

const HELP = `usage: ledgerbench compare --original MODEL --candidate MODEL [--margin 5] [--ledgers GLOB] [--holm] [--json]

Pairs the two models' runs on (suite, task, arm, repeat, sample, power level) and prints, per
suite: both pass rates with Wilson 95% intervals, the paired difference (candidate − original)
with Newcombe's interval, the discordant counts b/c, McNemar's exact p, the cost and energy
deltas, and a verdict: significant_regression, significant_improvement, non_inferior,
inconclusive or insufficient_evidence (docs/comparisons.md).

  --original MODEL   the model in use, as a --models spec: qwen3:14b, openai:NAME, sim:large
  --candidate MODEL  the cheaper model to test in its place
  --margin POINTS    non-inferiority margin in percentage points (default ${DEFAULT_MARGIN_POINTS})
  --ledgers GLOB     ledgers to read (default: ledgers/**/*.jsonl)
  --holm             Holm-correct McNemar p across the suites compared
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
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        original: { type: 'string' },
        candidate: { type: 'string' },
        margin: { type: 'string', default: String(DEFAULT_MARGIN_POINTS) },
        ledgers: { type: 'string', default: 'ledgers/**/*.jsonl' },
        holm: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}; see ledgerbench compare --help`);
  }
  if (values.help) return null;
  if (values.original === undefined || values.candidate === undefined) {
    throw new CliError('name both models: --original MODEL --candidate MODEL (see ledgerbench compare --help)');
  }
  const marginPoints = Number(values.margin);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(values.margin) || !(marginPoints >= 0 && marginPoints < 100)) {
    throw new CliError(`--margin ${values.margin}: expected percentage points between 0 and 100, e.g. --margin 5`);
  }
  if (values.original === values.candidate) {
    throw new CliError(`--original and --candidate are both ${values.original}: name two different models`);
  }
  return { original: values.original, candidate: values.candidate, marginPoints, ledgers: values.ledgers, holm: values.holm, json: values.json };
}

const suitesOf = (runs: readonly ComparableRun[], model: string) =>
  [...new Set(runs.filter((run) => run.model === model).map((run) => run.experiment))].sort();

/** Checks that both models are there and share a suite; one clear line otherwise. */
function checkModels(runs: readonly ComparableRun[], args: CompareArgs): void {
  const present = [...new Set(runs.map((run) => run.model))].sort();
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

export async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === null) {
    console.log(HELP);
    return 0;
  }
  const loaded = await loadComparableRuns(args.ledgers);
  checkModels(loaded.runs, args);
  const runs = loaded.runs.filter((run) => run.model === args.original || run.model === args.candidate);
  const specs = planComparisons(runs, {}, [[args.original, args.candidate]]).filter((spec) => spec.kind === 'model');
  const result = compareRuns(runs, { candidates: {}, specs, marginPoints: args.marginPoints, holm: args.holm });
  if (result.rows.length === 0) {
    throw new CliError(
      `no paired runs: ${args.original} and ${args.candidate} share a suite but no (task, arm, repeat, sample, power level); ` +
        'run both with the same --experiments, --arms, --repeats and --tdp-levels',
    );
  }
  if (args.json) {
    console.log(JSON.stringify({ rows: result.rows, recommendations: result.recommendations }, null, 2));
    return 0;
  }
  console.log(`${args.original} → ${args.candidate}: ${result.rows.length} comparisons, margin ${args.marginPoints} points, α = 0.05`);
  console.log(comparisonTable(result.rows));
  console.log('');
  for (const row of result.rows) console.log(`${row.experiment} (${row.arm}, ${row.original_power_level}): ${row.verdict_reason}`);
  for (const recommendation of result.recommendations) console.log(`${recommendation.experiment} (${recommendation.arm}): ${recommendation.message}`);
  if (loaded.rejected > 0) console.log(`(${loaded.rejected} ledger lines were rejected; run ledgerbench export and see data/verification.json)`);
  return 0;
}
