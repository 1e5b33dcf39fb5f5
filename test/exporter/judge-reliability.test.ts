import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { JudgeReliabilitySchema } from '../../schema/surfaces/judge-reliability.ts';
import { ModelRankingsSchema } from '../../schema/surfaces/model-rankings.ts';
import { RunRecordSchema } from '../../schema/run-record.ts';
import { createBackend } from '../../runner/backends/create-backend.ts';
import { parseRunFlags } from '../../runner/sweep/flags.ts';
import { runSweep } from '../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../runner/sweep/options.ts';
import { tempDir, testEffects } from '../runner/sweep/support.ts';
import { memoryEffects, outputJson, type MemoryEffects } from './memory-effects.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let ledger: string;
let effects: MemoryEffects;

beforeAll(async () => {
  const flags = parseRunFlags(['--models', 'sim:large,sim:small', '--experiments', 'support_replies_v1', '--ledgers-dir', tempDir()]);
  const dirs = { root: join(ROOT, 'experiments'), arms: join(ROOT, 'experiments/_arms') };
  const outcome = await runSweep(
    runTarget(flags),
    optionsFromFlags(flags),
    testEffects(dirs, () => null as never, { createBackend }),
  );
  ledger = readFileSync(outcome.ledgerPath!, 'utf8');
  effects = memoryEffects(new Map([['ledgers/judged.jsonl', ledger]]));
  expect((await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects)).exitCode).toBe(0);
});

describe('judge_reliability.json', () => {
  it('has one row per candidate and judge, with the figures the records give', () => {
    const surface = JudgeReliabilitySchema.parse(outputJson(effects, 'judge_reliability.json'));
    expect(surface.rows.map((r) => [r.model, r.judge, r.role])).toEqual([
      ['sim:large', 'sim:judge', 'decides'],
      ['sim:small', 'sim:judge', 'decides'],
    ]);
    const records = ledger
      .trimEnd()
      .split('\n')
      .map((line) => RunRecordSchema.parse(JSON.parse(line)));
    for (const row of surface.rows) {
      const mine = records.filter((r) => `sim:${r.model.name}` === row.model);
      expect(row.pass_rate).toBeCloseTo(mine.filter((r) => r.evaluation.passed).length / mine.length, 5);
      const judged = mine.filter((r) => r.evaluation.judge);
      expect(row.runs).toBe(judged.length);
      expect(row.calls).toBe(judged.length * 3);
      const outputTokens = judged.flatMap((r) => r.evaluation.judge!.judges[0]!.calls).reduce((sum, c) => sum + (c.usage.output_tokens ?? 0), 0);
      expect(row.judge_output_tokens).toBe(outputTokens);
      expect(row.simulated).toBe(true);
      expect(row.exact_kappa_low!).toBeLessThanOrEqual(row.exact_kappa!);
      expect(row.reliable).toBe(row.warnings.length === 0);
    }
  });

  it("leaves the judge's tokens out of the candidate's totals", () => {
    const rankings = ModelRankingsSchema.parse(outputJson(effects, 'model_rankings.json'));
    const surface = JudgeReliabilitySchema.parse(outputJson(effects, 'judge_reliability.json'));
    const records = ledger
      .trimEnd()
      .split('\n')
      .map((line) => RunRecordSchema.parse(JSON.parse(line)));
    for (const model of ['large', 'small']) {
      const candidate = records.filter((r) => r.model.name === model).reduce((sum, r) => sum + (r.tokens.output ?? 0), 0);
      const row = rankings.rows.find((r) => r.model === `sim:${model}` && r.experiment === 'support_replies_v1' && r.arm === 'plain')!;
      expect(row.output_tokens_sum).toBe(candidate);
      const judge = surface.rows.find((r) => r.model === `sim:${model}`)!;
      expect(judge.judge_output_tokens).toBeGreaterThan(0);
      expect(row.output_tokens_sum).not.toBe(candidate + judge.judge_output_tokens);
    }
  });
});

describe('two judges', () => {
  it('measures the second judge against the first and reports their kappa', async () => {
    const flags = parseRunFlags(['--models', 'sim:large', '--judge', 'sim:judge,sim:small', '--experiments', 'support_replies_v1', '--ledgers-dir', tempDir()]);
    const dirs = { root: join(ROOT, 'experiments'), arms: join(ROOT, 'experiments/_arms') };
    const outcome = await runSweep(
      runTarget(flags),
      optionsFromFlags(flags),
      testEffects(dirs, () => null as never, { createBackend }),
    );
    const two = memoryEffects(new Map([['ledgers/two.jsonl', readFileSync(outcome.ledgerPath!, 'utf8')]]));
    expect((await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, two)).exitCode).toBe(0);
    const rows = JudgeReliabilitySchema.parse(outputJson(two, 'judge_reliability.json')).rows;
    expect(rows.map((r) => [r.judge, r.role])).toEqual([
      ['sim:judge', 'decides'],
      ['sim:small', 'second'],
    ]);
    for (const row of rows) {
      expect(row.inter_judge_kappa).not.toBeNull();
      expect(row.inter_judge_kappa!).toBeLessThan(1);
    }
    // The small model is the worse judge: more position bias shows as less order agreement.
    expect(rows[1]!.position_agreement!).toBeLessThan(rows[0]!.position_agreement!);
  });
});
