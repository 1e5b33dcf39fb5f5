/**
 * Sandbox benchmark: `npx tsx bench/humaneval.ts [--dataset PATH] [--concurrency 2]`.
 *
 * Scores all 164 HumanEval canonical solutions as raw completions (prompt + completion + check),
 * each in its own sandboxed process, and prints the wall time for the whole set, the per-program
 * duration (median, p95, max) and the sandbox's protections. Target on 2 cores: under 30 s.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scoreHumanEvalCompletion } from '../runner/evaluators/humaneval.ts';
import { detectCapabilities } from '../runner/sandbox/capabilities.ts';
import { mapWithConcurrency } from '../runner/sandbox/concurrency.ts';
import { readHumanEvalGz } from '../runner/sandbox/humaneval-data.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/datasets/HumanEval.jsonl.gz') },
    concurrency: { type: 'string', default: '2' },
  },
});
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency <= 0) throw new Error('--concurrency must be a positive integer');

const rows = await readHumanEvalGz(values.dataset);
const caps = await detectCapabilities();
const started = performance.now();
const durations: number[] = [];
const outcomes = await mapWithConcurrency(rows, concurrency, async (row) => {
  const t0 = performance.now();
  const outcome = await scoreHumanEvalCompletion(row, row.canonical_solution);
  durations.push(performance.now() - t0);
  return outcome;
});
const wallS = (performance.now() - started) / 1000;

durations.sort((a, b) => a - b);
const at = (q: number): number => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
const passed = outcomes.filter((o) => o.evaluation.passed).length;
console.log(`HumanEval canonical solutions: ${passed}/${rows.length} passed`);
console.log(`wall time: ${wallS.toFixed(1)} s at concurrency ${concurrency} (target < 30 s)`);
console.log(`per program: median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${durations.at(-1)!.toFixed(0)} ms`);
console.log(`sandbox: namespaces=${caps.namespaces} missing=[${outcomes[0]?.sandbox?.missing.join(', ') ?? ''}]`);
process.exitCode = passed === rows.length ? 0 : 1;
