import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../bin/cli.ts';
import { rescoringRows } from '../../exporter/surfaces/rescoring.ts';
import { ComparisonRowSchema } from '../../schema/surfaces/comparisons.ts';
import { RescoringSchema } from '../../schema/surfaces/rescoring.ts';
import { RunsShardSchema } from '../../schema/surfaces/runs-shard.ts';
import { fixture, runImport, tempFolder } from '../runner/import/helpers.ts';

const PROOF = fixture('tokenjam', 'tjbench_humaneval_tj0.4.2_20261115T120000Z.json');

let stdout: string[];
beforeEach(() => {
  stdout = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void stdout.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('import → export → compare', () => {
  it("reproduces a tokenjam proof's b, c and pass counts", async () => {
    const proof = JSON.parse(readFileSync(PROOF, 'utf8'));
    const folder = tempFolder();
    await runImport(['--from', 'tokenjam', PROOF, '--out', join(folder, 'tj.jsonl')]);
    const code = await cli(['compare', '--ledgers', join(folder, '*.jsonl'), '--original', 'openai:gpt-4o', '--candidate', 'openai:gpt-4o-mini', '--json']);
    expect(code).toBe(0);
    const [row] = JSON.parse(stdout.join('\n')).rows.map((r: unknown) => ComparisonRowSchema.parse(r));
    expect(row.pairs).toBe(proof.n_tasks);
    expect([row.original_only, row.candidate_only]).toEqual([proof.stats.b, proof.stats.c]);
    expect(row.both_pass + row.original_only).toBe(proof.original_pass);
    expect(row.both_pass + row.candidate_only).toBe(proof.candidate_pass);
    expect(row.discordant).toEqual({ lost: ['HumanEval/1', 'HumanEval/2'], won: ['HumanEval/3'], truncated: false });
  });

  it('carries the origin block into the run shards and fills rescoring.json', async () => {
    const ledgers = tempFolder();
    await runImport([
      '--from',
      'lm-eval',
      fixture('lm-eval', 'results_2026-11-20T10-00-00.000000.json'),
      fixture('lm-eval', 'samples_gsm8k_2026-11-20T10-00-00.000000.jsonl'),
      '--rescore',
      '--out',
      join(ledgers, 'lm.jsonl'),
    ]);
    await runImport(['--from', 'tokenjam', PROOF, '--out', join(ledgers, 'tj.jsonl')]);
    const data = join(tempFolder(), 'data');
    expect(await cli(['export', '--ledgers', join(ledgers, '*.jsonl'), '--out', data])).toBe(0);
    const rescoring = RescoringSchema.parse(JSON.parse(readFileSync(join(data, 'rescoring.json'), 'utf8')));
    // Only re-scored runs with their verdict count: the tokenjam runs were not re-scored.
    expect(rescoring.rows).toHaveLength(1);
    expect(rescoring.rows[0]).toMatchObject({
      experiment: 'gsm8k',
      origin_format: 'lm-eval',
      evaluators: ['numeric@1'],
      compared: 6,
      agree: 5,
      disagree: 1,
      ours_only_passed: 1,
      theirs_only_passed: 0,
    });
    const shard = RunsShardSchema.parse(JSON.parse(readFileSync(join(data, 'runs', 'runs-0001.json'), 'utf8')));
    const disagreeing = shard.rows.find((r) => r.run_id === rescoring.rows[0]!.disagreements[0]!.run_id)!;
    expect(disagreeing.origin).toMatchObject({ format: 'lm-eval', rescored: true, their_verdict: { passed: false } });
    expect(shard.rows.filter((r) => r.origin?.format === 'tokenjam')).toHaveLength(14);
    const manifest = JSON.parse(readFileSync(join(data, 'index.json'), 'utf8'));
    expect(JSON.stringify(manifest)).toContain('rescoring.json');
  });
});

describe('rescoringRows', () => {
  const run = (over: Partial<Parameters<typeof rescoringRows>[0][number]>) => ({
    experiment: 'gsm8k',
    origin_format: 'inspect',
    evaluator: 'numeric@1',
    model: 'openai:m',
    task_id: 't',
    run_id: 'r',
    passed: true,
    their_passed: true,
    simulated: false,
    ...over,
  });

  it('counts each cell of the 2×2 per suite and source, and lists the disagreements', () => {
    const rows = rescoringRows([
      run({ run_id: 'a' }),
      run({ run_id: 'b', passed: false, their_passed: false }),
      run({ run_id: 'c', passed: true, their_passed: false }),
      run({ run_id: 'd', passed: false, their_passed: true, simulated: true }),
      run({ run_id: 'e', origin_format: 'lm-eval' }),
    ]);
    expect(
      rows.map((r) => [
        r.origin_format,
        r.compared,
        r.agree,
        r.both_passed,
        r.both_failed,
        r.ours_only_passed,
        r.theirs_only_passed,
        r.agreement_rate,
        r.simulated,
      ]),
    ).toEqual([
      ['inspect', 4, 2, 1, 1, 1, 1, 0.5, true],
      ['lm-eval', 1, 1, 1, 0, 0, 0, 1, false],
    ]);
    expect(rows[0]!.disagreements.map((d) => [d.run_id, d.ours_passed])).toEqual([
      ['c', true],
      ['d', false],
    ]);
  });
});
