/**
 * Grading-integrity benchmark: `npx tsx bench/grader-integrity.ts [--dataset PATH] [--concurrency 2] [--only NAME]`.
 *
 * Scores the HumanEval canonical solutions and a set of answers that implement nothing but try to
 * forge a pass (the forgeries of docs/sandbox.md, "Grading integrity") as raw completions over all
 * 164 tasks, and prints per answer: passes, integrity violations, other failures and wall time.
 * Expected: canonical 164/164, every forgery 0 passes.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scoreHumanEvalCompletion } from '../runner/evaluators/humaneval.ts';
import { mapWithConcurrency } from '../runner/sandbox/concurrency.ts';
import { readHumanEvalGz } from '../runner/sandbox/humaneval-data.ts';
import { FORGERIES } from '../test/runner/sandbox/forgeries.ts';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/datasets/HumanEval.jsonl.gz') },
    concurrency: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const concurrency = Number(values.concurrency);
const rows = await readHumanEvalGz(values.dataset);
const answers: [string, (canonical: string) => string][] = [
  ['canonical', (canonical) => canonical],
  ...Object.entries(FORGERIES).map(([name, body]): [string, (canonical: string) => string] => [name, () => body]),
];
let bad = 0;
for (const [name, completion] of answers) {
  if (values.only && values.only !== name) continue;
  const started = performance.now();
  const outcomes = await mapWithConcurrency(rows, concurrency, (row) => scoreHumanEvalCompletion(row, completion(row.canonical_solution)));
  const wallS = (performance.now() - started) / 1000;
  const passed = outcomes.filter((o) => o.evaluation.passed);
  const violations = outcomes.filter((o) => o.failure?.class === 'integrity_violation').length;
  const classes = new Map<string, number>();
  for (const o of outcomes) if (o.failure) classes.set(o.failure.class, (classes.get(o.failure.class) ?? 0) + 1);
  console.log(
    `${name.padEnd(22)} passed ${String(passed.length).padStart(3)}/${rows.length}  integrity_violation ${String(violations).padStart(3)}  ${wallS.toFixed(1)} s  ${JSON.stringify(Object.fromEntries(classes))}`,
  );
  if (name === 'canonical') {
    if (passed.length !== rows.length) bad++;
    outcomes.forEach((o, i) => {
      if (!o.evaluation.passed) console.log(`  ${rows[i]!.task_id}: ${o.failure?.class}: ${o.failure?.message}`);
    });
  } else if (passed.length > 0) {
    bad++;
    for (const [i, o] of outcomes.entries()) if (o.evaluation.passed) console.log(`  FALSE PASS ${rows[i]!.task_id}`);
  }
}
process.exitCode = bad === 0 ? 0 : 1;
