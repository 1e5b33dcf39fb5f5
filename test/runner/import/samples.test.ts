import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, readLedger, runImport, tempFolder } from './helpers.ts';

const DATASET = fixture('humaneval', 'problems.jsonl');

describe('import --from humaneval-samples / evalplus (scored by our sandbox)', () => {
  it("scores every sample again and keeps human-eval's own verdict beside ours", async () => {
    const out = join(tempFolder(), 'he.jsonl');
    const { out: lines } = await runImport([
      '--from',
      'humaneval-samples',
      fixture('humaneval', 'samples.jsonl_results.jsonl'),
      '--dataset',
      DATASET,
      '--model-name',
      'base-1b',
      '--out',
      out,
    ]);
    expect(lines[1]).toBe('re-scored 4 with our evaluators; of 4 with their verdict, 2 agree and 2 disagree');
    const records = readLedger(out);
    expect(records.map((r) => [r.task.id, r.sample, r.evaluation.passed, r.origin!.their_verdict!.passed])).toEqual([
      ['HumanEval/0', 0, true, true],
      ['HumanEval/0', 1, false, false],
      ['HumanEval/1', 0, true, false],
      ['HumanEval/1', 1, false, true],
    ]);
    expect(records[0]).toMatchObject({
      experiment: 'humaneval',
      model: { name: 'base-1b' },
      evaluation: { evaluator: 'humaneval@1' },
      origin: { rescored: true, format: 'humaneval-samples' },
    });
    // What the harness sent is not in a samples file.
    expect(records[0]!.request).toBeUndefined();
    expect(records[0]!.origin!.not_recorded).toContain('request.prompt');
    expect(records[3]!.failure).toMatchObject({ stage: 'semantic', class: 'wrong_answer' });
    // The sandbox says what it enforced, as on any record it scored.
    expect(records[0]!.sandbox?.protections.length).toBeGreaterThan(0);
  });

  it('reads EvalPlus solutions as whole programs; without a verdict in the file, theirs is not recorded', async () => {
    const out = join(tempFolder(), 'ep.jsonl');
    await runImport(['--from', 'evalplus', fixture('humaneval', 'evalplus-samples.jsonl'), '--dataset', DATASET, '--model-name', 'chat-7b', '--out', out]);
    const records = readLedger(out);
    expect(records.map((r) => [r.task.id, r.evaluation.passed])).toEqual([
      ['HumanEval/0', true],
      ['HumanEval/1', false],
    ]);
    expect(records.every((r) => r.origin!.their_verdict === null && r.origin!.tool.name === 'evalplus')).toBe(true);
  });

  it('needs --dataset and --model-name, and names an unknown task by line', async () => {
    const samples = fixture('humaneval', 'samples.jsonl_results.jsonl');
    await expect(runImport(['--from', 'humaneval-samples', samples, '--model-name', 'm'])).rejects.toThrow(/pass --dataset PATH_OR_URL/);
    await expect(runImport(['--from', 'humaneval-samples', samples, '--dataset', DATASET])).rejects.toThrow(/does not name its model; pass --model-name NAME/);
    await expect(
      runImport(['--from', 'humaneval-samples', fixture('humaneval', 'unknown-task.jsonl'), '--dataset', DATASET, '--model-name', 'm']),
    ).rejects.toThrow(/unknown-task\.jsonl:1: task_id "HumanEval\/99" is not in the humaneval dataset/);
  });
});
