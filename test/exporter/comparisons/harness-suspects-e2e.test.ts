import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../../../bin/cli.ts';
import { runExport } from '../../../exporter/export.ts';
import { outcomeFromTestRun } from '../../../runner/evaluators/code.ts';
import { readHumanEvalGz, type HumanEvalRow } from '../../../runner/sandbox/humaneval-data.ts';
import { runTests } from '../../../runner/sandbox/run-tests.ts';
import { ComparisonsSchema, VerificationSchema } from '../../../schema/surfaces/index.ts';
import type { RunRecord } from '../../../schema/run-record.ts';
import { makeRunRecord } from '../../fixtures/make-run-record.ts';
import { memoryEffects, outputJson, type MemoryEffects } from '../memory-effects.ts';

const datasetPath = path.resolve(import.meta.dirname, '../../../../shared/datasets/HumanEval.jsonl.gz');
const haveDataset = existsSync(datasetPath);
if (!haveDataset) console.warn(`skipping the harness-suspect end-to-end test: ${datasetPath} is absent`);
const fence = '```';
/** HumanEval tasks whose signature uses a name the prompt imports from typing: run without the prompt, the def itself raises NameError. */
const SUSPECT_TASKS = 12;
const CLEAN_TASKS = 4;

const answer = (row: HumanEvalRow) => `${row.prompt.slice(row.prompt.lastIndexOf(`def ${row.entry_point}(`))}${row.canonical_solution}`;

/**
 * One run as a preamble-dropping harness scored it: the model's function and the dataset's tests,
 * without the prompt, through the real sandbox. The record carries no harness_suspect (as an
 * imported record would not): the export must derive it.
 */
async function record(row: HumanEvalRow, model: string, dropPreamble: boolean): Promise<RunRecord> {
  const tests = [{ name: 'check', code: `${row.test}\n\ncheck(${row.entry_point})\n` }];
  const source = dropPreamble ? answer(row) : `${row.prompt}\n\n${answer(row)}`;
  const outcome = outcomeFromTestRun('humaneval@1', await runTests({ source, tests }), tests, 1);
  return makeRunRecord({
    run_id: `he-${model}-${row.task_id.replace('/', '-')}`,
    // Made up for the test from canonical solutions, not a model's replies: flagged simulated.
    simulated: true,
    energy: { method: 'simulated', joules: 50, valid: true, reason: null },
    model: { name: model, backend: 'openai' },
    experiment: 'humaneval',
    task: { id: row.task_id, family: 'code', hash: `hash-${row.task_id}` },
    request: { prompt: row.prompt },
    response: { text: `${fence}python\n${answer(row)}${fence}`, done_reason: 'stop' },
    evaluation: outcome.evaluation,
    failure: outcome.failure,
  });
}

let dir: string;
let effects: MemoryEffects;

beforeAll(async () => {
  if (!haveDataset) return;
  const rows = (await readHumanEvalGz(datasetPath)).filter(
    (row) => /^from typing import /.test(row.prompt) && /def \w+\(.*\b(List|Tuple|Optional|Any)\[/.test(row.prompt),
  );
  const suspects = rows.slice(0, SUSPECT_TASKS);
  const clean = rows.slice(SUSPECT_TASKS, SUSPECT_TASKS + CLEAN_TASKS);
  const records: RunRecord[] = [];
  for (const row of [...suspects, ...clean]) records.push(await record(row, 'big', false));
  for (const row of suspects) records.push(await record(row, 'small', true));
  for (const row of clean) records.push(await record(row, 'small', false));
  const ledger = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
  dir = mkdtempSync(path.join(tmpdir(), 'lb-suspects-'));
  mkdirSync(path.join(dir, 'ledgers'));
  writeFileSync(path.join(dir, 'ledgers', 'humaneval.jsonl'), ledger);
  writeFileSync(path.join(dir, 'candidates.json'), JSON.stringify({ candidates: { 'openai:big': ['openai:small'] } }));
  effects = memoryEffects(new Map([['ledgers/humaneval.jsonl', ledger]]));
  const result = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true, candidates: path.join(dir, 'candidates.json') }, effects);
  expect(result.exitCode).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(haveDataset)('harness suspects end to end: real HumanEval prompts, failures from a preamble-dropping harness', () => {
  it('comparisons.json counts every discordant pair as a suspect and the verdict says it is not evidence about the model', () => {
    const comparisons = ComparisonsSchema.parse(outputJson(effects, 'comparisons.json'));
    const row = comparisons.rows.find((r) => r.original === 'openai:big' && r.candidate === 'openai:small')!;
    expect(row).toMatchObject({ pairs: SUSPECT_TASKS + CLEAN_TASKS, original_only: SUSPECT_TASKS, candidate_only: 0, verdict: 'significant_regression' });
    expect(row.harness_suspects).toMatchObject({ lost: SUSPECT_TASKS, won: 0 });
    const caveat = `${SUSPECT_TASKS} of ${SUSPECT_TASKS} discordant pairs are suspected harness faults`;
    expect(row.harness_suspects.caveat).toContain(caveat);
    expect(row.verdict_reason).toMatch(new RegExp(`${caveat}.*: this verdict is not evidence about the model\\.$`));
    // Not a recommendation to keep the original either: the regression settles nothing about the model.
    const [recommendation] = comparisons.recommendations;
    expect(recommendation!.message).toMatch(/^None is shown to hold up yet .*resting on suspected harness faults/);
  });

  it('verification.json counts the suspects per suite and reason, with the evidence', () => {
    const verification = VerificationSchema.parse(outputJson(effects, 'verification.json'));
    expect(verification.harness_suspects).toHaveLength(1);
    const [count] = verification.harness_suspects;
    expect(count).toMatchObject({ experiment: 'humaneval', reason: 'prompt_name', runs: SUSPECT_TASKS, tasks: SUSPECT_TASKS, models: ['openai:small'] });
    expect(count!.example_evidence).toMatch(/^NameError for '(List|Tuple|Optional|Any)', which the prompt imports at its line 1: from typing import/);
  });

  it('ledgerbench compare prints the suspect counts and the caveat', async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
    try {
      const code = await cli(['compare', '--ledgers', path.join(dir, 'ledgers'), '--original', 'openai:big', '--candidate', 'openai:small']);
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
    }
    const text = out.join('\n');
    expect(text).toMatch(new RegExp(`^humaneval .*${SUSPECT_TASKS}/0\\s+${SUSPECT_TASKS}/0\\s.*significant_regression$`, 'm'));
    expect(text).toMatch(
      new RegExp(
        `^humaneval \\(plain, default\\): .*${SUSPECT_TASKS} of ${SUSPECT_TASKS} discordant pairs are suspected harness faults.*this verdict is not evidence about the model\\.`,
        'm',
      ),
    );
  });
});
