import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries, fixture, readLedger, runImport, tempFolder } from './helpers.ts';

const PROOF = fixture('tokenjam', 'tjbench_humaneval_tj0.4.2_20261115T120000Z.json');

describe('import --from tokenjam', () => {
  it('writes two real records a task, paired by task, with the origin block', async () => {
    const folder = tempFolder();
    const out = join(folder, 'tj.jsonl');
    const { code, out: lines } = await runImport(['--from', 'tokenjam', PROOF, '--out', out]);
    expect(code).toBe(0);
    expect(lines[0]).toBe(`imported 14 runs into ${out}`);
    const records = readLedger(out);
    expect(records).toHaveLength(14);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(14);
    expect(records.every((r) => r.simulated === false && r.experiment === 'humaneval' && r.model.backend === 'openai')).toBe(true);
    const task1 = records.filter((r) => r.task.id === 'HumanEval/1');
    expect(task1.map((r) => [r.model.name, r.evaluation.passed])).toEqual([
      ['gpt-4o', true],
      ['gpt-4o-mini', false],
    ]);
    const failed = task1[1]!;
    expect(failed.failure).toEqual({ stage: 'execute', class: 'imported_error', message: 'AssertionError: expected [1, 2] got [2, 1]' });
    expect(failed.cost).toEqual({ usd: 0.0005, basis: 'token-price' });
    expect(failed.tokens).toEqual({ prompt: null, output: 210, source: 'server' });
    // Not in the proof: null, never a guess.
    expect(failed.response.text).toBeNull();
    expect(failed.timing.wall_ms).toBeNull();
    expect(failed.energy).toMatchObject({ method: 'none', joules: null, valid: false });
    expect(failed.origin).toMatchObject({
      format: 'tokenjam',
      tool: { name: 'tokenjam-bench', version: '0.4.2' },
      source_file: 'tjbench_humaneval_tj0.4.2_20261115T120000Z.json',
      line: null,
      index: 'tasks[1].candidate',
      rescored: false,
      their_verdict: { passed: false, score: 0, detail: 'AssertionError: expected [1, 2] got [2, 1]' },
    });
    expect(failed.origin!.not_recorded).toEqual(expect.arrayContaining(['response.text', 'timing.wall_ms', 'energy.joules', 'tokens.prompt']));
    expect(failed.origin!.mapped).toEqual(expect.arrayContaining(['tokens.output', 'cost.usd', 'evaluation.passed']));
    // A wrong answer the harness ran cleanly is a semantic failure, not an error.
    const wrong = records.find((r) => r.task.id === 'HumanEval/4' && r.model.name === 'gpt-4o')!;
    expect(wrong.failure).toMatchObject({ stage: 'semantic', class: 'imported_fail' });
  });

  it('gives the same run ids on a re-import, and adding nothing then', async () => {
    const folder = tempFolder();
    const first = join(folder, 'a.jsonl');
    await runImport(['--from', 'tokenjam', PROOF, '--out', first]);
    const again = await runImport(['--from', 'tokenjam', PROOF, '--out', join(folder, 'b.jsonl')]);
    expect(again.code).toBe(0);
    expect(again.out).toEqual([`already imported: all 14 runs are in ${first}; nothing added`]);
    expect(entries(folder)).toEqual(['a.jsonl']);
  });

  it('imports a mock proof as simulated, with default prices flagged', async () => {
    const folder = tempFolder();
    const out = join(folder, 'mock.jsonl');
    const { out: lines } = await runImport(['--from', 'tokenjam', fixture('tokenjam', 'tjbench_humaneval_tj0.4.2_mock.json'), '--out', out]);
    expect(lines).toContain('4 runs are flagged simulated (the source marks them mock)');
    const records = readLedger(out);
    expect(records.every((r) => r.simulated && r.cost.default_price === true)).toBe(true);
  });

  it.each([
    ['bad-task-count.json', /bad-task-count\.json: n_tasks is 8 but tasks\[\] holds 7/],
    ['bad-version.json', /bad-version\.json: tokenjam_version: '2\.0\.0' is not a version this importer knows/],
    ['bad-missing-field.json', /bad-missing-field\.json: tasks\.2\.candidate_passes: /],
    ['bad-totals.json', /bad-totals\.json: candidate_pass is 5 but 4 of tasks\[\] passed/],
  ])('refuses %s with one located line and writes nothing', async (name, message) => {
    const folder = tempFolder();
    await expect(runImport(['--from', 'tokenjam', fixture('tokenjam', name), '--out', join(folder, 'x.jsonl')])).rejects.toThrow(message);
    expect(entries(folder)).toEqual([]);
  });

  it('refuses --model-name: a proof names both of its models', async () => {
    await expect(runImport(['--from', 'tokenjam', PROOF, '--model-name', 'x', '--out', join(tempFolder(), 'x.jsonl')])).rejects.toThrow(
      /does not apply to tokenjam/,
    );
  });
});
