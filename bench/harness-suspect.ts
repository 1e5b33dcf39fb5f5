/**
 * Harness-suspect benchmark: `npx tsx bench/harness-suspect.ts [--records 20000] [--rounds 5]`.
 *
 * What the export-time detector adds to reading a record. Builds HumanEval-shaped records (a
 * ~600-character prompt that imports and defines names; half failed: NameErrors for prompt names
 * and for others, extraction failures beside a fence, replies cut at the token limit, wrong
 * answers) and times, alternately in one process: (a) the loader's per-record work — its own
 * validateLine (JSON.parse and the schema check, with the generated fast path past zod), canonical
 * JSON and flattenRecord (which runs the detector for records without a label); (b) recordHarnessSuspect alone on the same records. Prints (b) ÷ (a). Target: ≤ 0.10.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { recordHarnessSuspect } from '../core/harness-suspect.ts';
import { canonicalJson } from '../exporter/ledgers/canonical.ts';
import { flattenRecord } from '../exporter/ledgers/flatten.ts';
import { validateLine } from '../exporter/ledgers/validate.ts';
import type { RunRecord } from '../schema/run-record.ts';
import { makeRunRecord } from '../test/fixtures/make-run-record.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' } } });
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);
const fence = '```';

const prompt = (i: number) =>
  `Complete the function.\n\n${fence}python\nfrom typing import List, Tuple\nimport math\n\n\ndef helper_${i}(x: float) -> float:\n    """ Square root of x, rounded. """\n    return round(math.sqrt(x), 3)\n\n\ndef solve_${i}(xs: List[float]) -> Tuple[float, float]:\n    """ Return the smallest and largest helper value.\n    >>> solve_${i}([1.0, 4.0])\n    (1.0, 2.0)\n    """\n${fence}`;

const FAILURES = [
  { stage: 'execute', class: 'runtime_error', message: "loading the code: NameError: name 'List' is not defined" },
  { stage: 'execute', class: 'runtime_error', message: "1/1 tests failed; check: NameError: name 'undefined_thing' is not defined" },
  { stage: 'extract', class: 'extraction_failed', message: 'no Python code found in the response' },
  { stage: 'semantic', class: 'wrong_answer', message: '1/1 tests failed; check: AssertionError' },
] as const;

function record(i: number): RunRecord {
  const failed = i % 2 === 1;
  const failure = failed ? FAILURES[(i >> 1) % FAILURES.length]! : null;
  return makeRunRecord({
    run_id: `bench-${String(i).padStart(8, '0')}`,
    experiment: 'humaneval',
    task: { id: `HumanEval/${i % 164}`, family: 'code', hash: `h${i % 164}` },
    request: { prompt: prompt(i % 164) },
    response: {
      text: `Here it is:\n\n${fence}Python3\ndef solve_${i % 164}(xs):\n    return min(xs), max(xs)\n${fence}\n`,
      done_reason: i % 10 === 9 ? 'length' : 'stop',
    },
    evaluation: { evaluator: 'humaneval@1', score: failed ? 0 : 1, passed: !failed },
    failure: failure === null ? null : { ...failure },
  });
}

const records = Array.from({ length: RECORDS }, (_, i) => record(i));
const lines = records.map((r) => JSON.stringify(r));

function loaderWork(): number {
  let sink = 0;
  for (const [i, line] of lines.entries()) {
    const verdict = validateLine(line, true);
    if (!verdict.ok) throw new Error(`bench record ${i + 1} rejected: ${verdict.reason}`);
    const parsed = verdict.record;
    sink += canonicalJson(parsed).length + flattenRecord(parsed, { ledgerIndex: 0, line: i + 1 }).length;
  }
  return sink;
}

function detectorWork(): number {
  let sink = 0;
  for (const r of records) sink += recordHarnessSuspect(r)?.evidence.length ?? 0;
  return sink;
}

const time = (work: () => number) => {
  const start = performance.now();
  const sink = work();
  return { ms: performance.now() - start, sink };
};

loaderWork();
detectorWork();
const loader: number[] = [];
const detector: number[] = [];
let labelled = 0;
for (let round = 0; round < ROUNDS; round++) {
  loader.push(time(loaderWork).ms);
  const d = time(detectorWork);
  detector.push(d.ms);
  labelled = records.filter((r) => recordHarnessSuspect(r) !== null).length;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const a = median(loader);
const b = median(detector);
console.log(`${RECORDS} records (${labelled} labelled as suspects), median of ${ROUNDS} rounds`);
console.log(`(a) loader per record: ${((a / RECORDS) * 1000).toFixed(2)} µs; (b) detector per record: ${((b / RECORDS) * 1000).toFixed(2)} µs`);
console.log(`ratio (b) ÷ (a): ${(b / a).toFixed(3)} (target ≤ 0.10)`);
