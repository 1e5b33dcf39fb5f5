import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError, isCliError } from '../../lib/cli-error.ts';
import type { Failure } from '../../schema/run-record.ts';
import { isStandardSuite, loadStandardSuite, STANDARD_SUITES, type StandardSuiteName } from '../datasets/standard-suites.ts';
import { joinSamples, passAtKSummary, SampleLineSchema, type PassAtKSummary } from '../datasets/samples.ts';
import { parseJsonl } from '../datasets/source.ts';
import type { EvaluationInput, EvaluationOutcome } from '../evaluators/evaluator.ts';
import { evaluatorNames, getEvaluator } from '../evaluators/registry.ts';

/**
 * `ledgerbench score`: scores answers produced elsewhere with a named evaluator. Two inputs:
 * `{"id", "response", "reference"}` lines, or HumanEval-format samples joined with a standard dataset.
 */

const HELP = `usage: ledgerbench score --evaluator NAME --input FILE.jsonl [--json]
       ledgerbench score --evaluator humaneval|mbpp|gsm8k --dataset PATH_OR_URL[#sha256=HEX] --input samples.jsonl [--k 1,10] [--json]

Scores external answers with one evaluator and prints one result a line, then the totals.

  --evaluator NAME   an evaluator (numeric, fields, ...; name or name@version), or a standard
                     dataset (humaneval, mbpp, gsm8k) together with --dataset
  --input FILE       JSONL: {"id", "response", "reference", "settings"?} a line; with --dataset,
                     HumanEval's sample format {"task_id", "completion"} a line
  --dataset SOURCE   the dataset (.jsonl / .jsonl.gz path or http(s) URL, optional #sha256=HEX)
  --k LIST           pass@k values to report with --dataset (default 1)
  --raw              with --dataset humaneval/mbpp: completions are raw continuations of the
                     prompt, scored exactly as the dataset's own harness does
  --cache-dir DIR    where downloaded datasets are kept (default .cache/datasets)
  --json             JSONL out: {"id","score","passed","failure"} a line, then {"totals": ...}
  -h, --help         this text`;

// Same cache as the runner's `--dataset` (runner/experiments): beside the tool, ignored by git.
const DEFAULT_CACHE = path.resolve(import.meta.dirname, '../../.cache/datasets');

/** Where the output goes; tests pass a recorder instead of the terminal. */
export interface ScoreIo {
  out(line: string): void;
  /** A person at a terminal gets an aligned table; pipes get plain tab-separated lines. */
  isTTY: boolean;
}

const processIo: ScoreIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  isTTY: process.stdout.isTTY === true,
};

const ResponseLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  response: z.string(),
  reference: z.unknown().refine((value) => value !== undefined, 'required'),
  settings: z.record(z.string(), z.unknown()).optional(),
});

interface ScoredLine {
  id: string;
  sample?: number;
  taskId: string;
  outcome: EvaluationOutcome;
}

function readInput<S extends z.ZodType>(file: string, schema: S) {
  if (!existsSync(file)) throw new CliError(`${file}: input file not found; check --input`);
  if (!statSync(file).isFile()) throw new CliError(`${file}: not a file; --input takes one JSONL file`);
  return parseJsonl({ label: file, bytes: readFileSync(file), sha256: '' }, schema);
}

/** Runs the evaluator; a CliError from it (a malformed reference) is located at the input line. */
async function evaluateAt(evaluate: (input: EvaluationInput) => Promise<EvaluationOutcome>, input: EvaluationInput, where: string): Promise<EvaluationOutcome> {
  try {
    return await evaluate(input);
  } catch (error) {
    if (isCliError(error)) throw new CliError(`${where}: ${error.message}`, error.exitCode);
    throw error;
  }
}

function parseKs(text: string): number[] {
  const ks = text.split(',').map((part) => part.trim());
  if (!ks.every((k) => /^[1-9]\d*$/.test(k))) {
    throw new CliError(`--k: expected comma-separated positive integers like 1,10, got '${text}'`);
  }
  return [...new Set(ks.map(Number))].sort((a, b) => a - b);
}

function splitSha(source: string): { source: string; sha256?: string } {
  const match = /^(.+?)#sha256=([0-9a-fA-F]{64})$/.exec(source);
  if (match) return { source: match[1]!, sha256: match[2]!.toLowerCase() };
  if (source.includes('#sha256=')) throw new CliError(`--dataset: bad sha256 in '${source}'; use PATH_OR_URL#sha256=<64 hex digits>`);
  return { source };
}

const DATASET_EVALUATOR: Record<StandardSuiteName, string> = { humaneval: 'humaneval@1', mbpp: 'mbpp@1', gsm8k: 'numeric@1' };

async function scoreDataset(name: StandardSuiteName, values: { input: string; dataset: string; raw: boolean; cacheDir: string }): Promise<ScoredLine[]> {
  const evaluator = getEvaluator(DATASET_EVALUATOR[name]);
  const { source, sha256 } = splitSha(values.dataset);
  const suite = await loadStandardSuite(name, source, { cacheDir: values.cacheDir, ...(sha256 ? { sha256 } : {}) });
  const samples = joinSamples(suite, readInput(values.input, SampleLineSchema), values.input);
  const scored: ScoredLine[] = [];
  // One at a time: code samples run in the sandbox, and two cores are all a CI runner has.
  for (const { line, task, sample, completion } of samples) {
    const settings = { ...task.settings, ...(values.raw ? { raw_completion: true } : {}) };
    const input = { response: completion, reference: task.reference, settings };
    const outcome = await evaluateAt((i) => evaluator.evaluate(i), input, `${values.input}:${line}`);
    scored.push({ id: task.id, sample, taskId: task.id, outcome });
  }
  return scored;
}

async function scoreResponses(evaluatorName: string, input: string): Promise<ScoredLine[]> {
  const evaluator = getEvaluator(evaluatorName);
  // A tool-use score needs the run's fake world and turns, which a response line cannot carry.
  if (evaluator.name === 'agent')
    throw new CliError(`${evaluatorName} scores tool-use runs, not response lines: run the suite with 'ledgerbench run --experiments tool_use_v1'`);
  const scored: ScoredLine[] = [];
  for (const { line, row } of readInput(input, ResponseLineSchema)) {
    const evaluation: EvaluationInput = { response: row.response, reference: row.reference, settings: row.settings };
    const outcome = await evaluateAt((i) => evaluator.evaluate(i), evaluation, `${input}:${line}`);
    scored.push({ id: row.id, taskId: row.id, outcome });
  }
  return scored;
}

const describeFailure = (failure: Failure) => (failure ? `${failure.class} [${failure.stage}]: ${failure.message}` : '');

function printResults(scored: ScoredLine[], io: ScoreIo, json: boolean): void {
  const label = (s: ScoredLine) => (s.sample === undefined ? s.id : `${s.id}#${s.sample}`);
  const width = Math.max(2, ...scored.map((s) => label(s).length));
  if (io.isTTY && !json) io.out(`${'id'.padEnd(width)}  score  result  failure`);
  for (const s of scored) {
    const { score, passed } = s.outcome.evaluation;
    const failure = s.outcome.failure;
    if (json) {
      io.out(JSON.stringify({ id: s.id, ...(s.sample === undefined ? {} : { sample: s.sample }), score, passed, failure }));
    } else if (io.isTTY) {
      // One line a result: long failure messages are cut so the table stays a table.
      const why = describeFailure(failure).split('\n')[0]!.slice(0, 100);
      io.out(`${label(s).padEnd(width)}  ${score.toFixed(3)}  ${passed ? 'pass  ' : 'FAIL  '}  ${why}`.trimEnd());
    } else {
      io.out([label(s), score.toFixed(3), passed ? 'pass' : 'fail', failure?.class ?? '-'].join('\t'));
    }
  }
}

function printTotals(scored: ScoredLine[], passAtK: PassAtKSummary[] | null, io: ScoreIo, json: boolean): void {
  const n = scored.length;
  const passed = scored.filter((s) => s.outcome.evaluation.passed).length;
  const meanScore = n === 0 ? 0 : scored.reduce((sum, s) => sum + s.outcome.evaluation.score, 0) / n;
  const tasks = new Set(scored.map((s) => s.taskId)).size;
  if (json) {
    const totals: Record<string, unknown> = { n, passed, mean_score: meanScore };
    if (passAtK) {
      totals.tasks = tasks;
      totals.pass_at_k = Object.fromEntries(passAtK.map((p) => [String(p.k), p.value]));
    }
    io.out(JSON.stringify({ totals }));
    return;
  }
  io.out(`n=${n} passed=${passed} mean_score=${meanScore.toFixed(4)}${passAtK ? ` tasks=${tasks}` : ''}`);
  for (const p of passAtK ?? []) {
    io.out(p.value === null ? `pass@${p.k}: n/a (no task has ${p.k} samples)` : `pass@${p.k}=${p.value.toFixed(4)} over ${p.tasks} tasks`);
  }
}

/** `ledgerbench score ...`; returns the exit code (0 when every line was scored, whatever the scores). */
export async function main(argv: string[], io: ScoreIo = processIo): Promise<number> {
  const { values } = parseCommandArgs('score', argv, {
    evaluator: { type: 'string' },
    input: { type: 'string' },
    dataset: { type: 'string' },
    k: { type: 'string' },
    raw: { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.evaluator) throw new CliError(`--evaluator is required: one of ${[...new Set([...evaluatorNames(), ...STANDARD_SUITES])].join(', ')}`);
  if (!values.input) throw new CliError('--input FILE.jsonl is required');
  const name = values.evaluator;
  let scored: ScoredLine[];
  let passAtK: PassAtKSummary[] | null = null;
  if (values.dataset !== undefined) {
    if (!isStandardSuite(name)) {
      throw new CliError(`--dataset works with --evaluator ${STANDARD_SUITES.join('|')}, not '${name}'`);
    }
    const ks = parseKs(values.k ?? '1');
    const cacheDir = path.resolve(values['cache-dir'] ?? DEFAULT_CACHE);
    scored = await scoreDataset(name, { input: values.input, dataset: values.dataset, raw: values.raw, cacheDir });
    passAtK = passAtKSummary(
      scored.map((s) => ({ taskId: s.taskId, passed: s.outcome.evaluation.passed })),
      ks,
    );
  } else {
    // humaneval and mbpp are also evaluators (reference lines); gsm8k is only a dataset.
    if (name === 'gsm8k') throw new CliError('--evaluator gsm8k scores samples against the dataset: pass --dataset PATH_OR_URL');
    if (values.k !== undefined || values.raw) throw new CliError('--k and --raw need --dataset');
    scored = await scoreResponses(name, values.input);
  }
  printResults(scored, io, values.json);
  printTotals(scored, passAtK, io, values.json);
  return 0;
}
