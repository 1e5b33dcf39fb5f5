import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecordSchema, type RunRecord } from '../../../schema/run-record.ts';
import { judgeReliability } from '../../../core/judge-reliability.ts';
import { createBackend } from '../../../runner/backends/create-backend.ts';
import { estimateTokens } from '../../../runner/backends/sim/timing.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { runSweep } from '../../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../../runner/sweep/options.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/fake-openai.ts';
import { tempDir, testEffects } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const dirs = { root: join(ROOT, 'experiments'), arms: join(ROOT, 'experiments/_arms') };

async function sweep(argv: string[]): Promise<RunRecord[]> {
  const ledgers = tempDir();
  const flags = parseRunFlags([...argv, '--experiments', 'support_replies_v1', '--ledgers-dir', ledgers]);
  const outcome = await runSweep(
    runTarget(flags),
    optionsFromFlags(flags),
    testEffects(dirs, () => null as never, { createBackend }),
  );
  return readFileSync(outcome.ledgerPath!, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
}

describe('a judged sweep', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    // A judge that grades both replies 4: always passes, never prefers a position.
    fake = await startFakeOpenAi({ models: ['grader'], answer: () => 'A: 4\nB: 4' });
  });
  afterAll(() => fake.close());

  it('defaults to the simulated judge for sim candidates and keeps every verdict in evaluation.judge', async () => {
    const records = await sweep(['--models', 'sim:large,sim:small']);
    expect(records).toHaveLength(64);
    const judged = records.filter((r) => r.evaluation.judge !== undefined);
    // Only empty replies go unjudged.
    expect(records.length - judged.length).toBe(records.filter((r) => r.failure?.class === 'empty_response').length);
    for (const record of judged) {
      const [judge] = record.evaluation.judge!.judges;
      expect(judge!.model).toBe('sim:judge');
      expect(judge!.simulated).toBe(true);
      expect(judge!.calls).toHaveLength(3);
      expect(record.evaluation.checks!.at(-1)!.name).toBe('judge');
    }
    // The simulated judge is imperfect: reliability figures are neither perfect nor useless.
    const reliability = judgeReliability(judged.map((r) => r.evaluation.judge!));
    expect(reliability.exact_kappa.kappa!).toBeGreaterThan(0.3);
    expect(reliability.exact_kappa.kappa!).toBeLessThan(0.98);
    expect(reliability.position_agreement.rate!).toBeLessThan(1);
    expect(reliability.usage.joules!).toBeGreaterThan(0);
  });

  it("counts the judge's tokens, time and energy apart from the candidate's", async () => {
    const before = fake.chats.length;
    const records = await sweep(['--models', 'sim:large', '--judge', 'openai:grader', '--base-url', fake.baseUrl, '--limit', '4']);
    const judged = records.filter((r) => r.evaluation.judge !== undefined);
    // Three calls a judged reply, plus the judge's one unrecorded warm-up.
    expect(fake.chats.length - before).toBe(judged.length * 3 + 1);
    for (const record of judged) {
      // The candidate's own tokens: its prompt as sent, estimated by the simulator; nothing of the judge's.
      expect(record.tokens).toMatchObject({ source: 'estimate', prompt: estimateTokens(record.request!.prompt) });
      const calls = record.evaluation.judge!.judges[0]!.calls;
      for (const call of calls) {
        expect(call.usage.token_source).toBe('server');
        expect(call.usage.prompt_tokens!).toBeGreaterThan(record.tokens.prompt!);
        expect(call.usage.energy_method).toBe('none');
      }
      expect(record.energy.method).toBe('simulated');
      expect(record.evaluation.judge!.judges[0]!.passed).toBe(true);
    }
  });

  it('needs --judge when a judged suite runs on real models, and refuses --judge with no judged suite', async () => {
    await expect(sweep(['--models', 'openai:grader', '--base-url', fake.baseUrl])).rejects.toThrow(
      /support_replies_v1 is graded by a judge model: give --judge MODEL/,
    );
    const flags = parseRunFlags(['--models', 'sim:large', '--judge', 'sim:judge', '--experiments', 'fact_prose_v1', '--ledgers-dir', tempDir()]);
    await expect(
      runSweep(
        runTarget(flags),
        optionsFromFlags(flags),
        testEffects(dirs, () => null as never, { createBackend }),
      ),
    ).rejects.toThrow(/--judge is given but no suite in this sweep is judged/);
  });
});

describe('the default suite list', () => {
  it('leaves judged suites out unless --judge is given', async () => {
    const plan = async (argv: string[]) => {
      const flags = parseRunFlags([...argv, '--ledgers-dir', tempDir(), '--dry-run']);
      const effects = testEffects(dirs, () => null as never, { createBackend });
      await runSweep(runTarget(flags), optionsFromFlags(flags), effects);
      return effects.out.join('');
    };
    expect(await plan(['--models', 'sim:large'])).not.toContain('support_replies_v1');
    expect(await plan(['--models', 'sim:large', '--judge', 'sim:judge'])).toContain('support_replies_v1');
  });
});

describe('a judge that always prefers the first position, served over HTTP', () => {
  let biased: FakeOpenAi;
  beforeAll(async () => {
    biased = await startFakeOpenAi({ models: ['first-lover'], answer: () => 'A: 5\nB: 2' });
  });
  afterAll(() => biased.close());

  it('is caught by the swap test: every verdict flips with the order, and the judge is flagged', async () => {
    const records = await sweep(['--models', 'sim:large', '--judge', 'openai:first-lover', '--base-url', biased.baseUrl, '--limit', '6']);
    const judged = records.filter((r) => r.evaluation.judge !== undefined).map((r) => r.evaluation.judge!);
    expect(judged.length).toBeGreaterThan(0);
    const reliability = judgeReliability(judged);
    expect(reliability.first_preference.rate).toBe(1);
    expect(reliability.position_agreement.rate).toBe(0);
    expect(reliability.seed_agreement.rate).toBe(1);
    expect(reliability.reliable).toBe(false);
    expect(reliability.warnings.join('; ')).toContain('the verdict changes with the order on 100% of replies');
  });
});
