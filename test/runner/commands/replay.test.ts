import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecordSchema, type RunRecord } from '../../../schema/run-record.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/fake-openai.ts';
import { ledgerFiles, runCli, tempDir } from '../../integration/openai-sweep-helpers.ts';

const read = (path: string): RunRecord[] =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));

describe('ledgerbench replay', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    // A deterministic model: the same prompt always gets the same structured answer.
    fake = await startFakeOpenAi({ answer: (prompt) => `{"echo": "${createHash('sha256').update(prompt).digest('hex').slice(0, 12)}"}` });
  });
  afterAll(() => fake.close());

  it('replays a ledger against the model that wrote it: 100% agreement, paired with history', async () => {
    const dir = await tempDir('replay');
    const first = await runCli([
      'run',
      '--models',
      'openai:fake-model',
      '--base-url',
      fake.baseUrl,
      '--experiments',
      'fact_prose_v1',
      '--limit',
      '5',
      '--ledgers-dir',
      dir,
    ]);
    expect(first.code, first.stderr).toBe(0);
    const [ledger] = await ledgerFiles(dir);
    const out = join(dir, 'replayed.jsonl');
    const replay = await runCli(['replay', '--sessions', ledger!, '--candidate', 'openai:fake-model', '--base-url', fake.baseUrl, '--out', out]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('agreement with history: 5 of 5 sessions (100.0%');
    expect(replay.stdout).toContain('agreement, not correctness');
    const records = read(out);
    expect(records.map((r) => `${r.model.backend}:${r.model.name}`)).toEqual(
      Array.from({ length: 5 }, () => ['openai:history/fake-model', 'openai:fake-model']).flat(),
    );
    expect(records.every((r) => r.evaluation.evaluator === 'history@1' && r.evaluation.passed)).toBe(true);
    const compare = await runCli(['compare', '--original', 'openai:history/fake-model', '--candidate', 'openai:fake-model', '--ledgers', out]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toMatch(/b\/c[\s\S]*0\/0/);
  }, 120_000);

  it('classifies chat lines with missing roles as failures with the raw line kept, and exits 1', async () => {
    const dir = await tempDir('replay-bad');
    const sessions = join(dir, 'chats.jsonl');
    const good = {
      model: 'gpt-x',
      messages: [
        { role: 'user', content: 'Give me {"a": 1} as JSON.' },
        { role: 'assistant', content: '{"a": 1}' },
      ],
    };
    const noAnswer = { messages: [{ role: 'user', content: 'hello' }] };
    const noRole = { messages: [{ content: 'who am I?' }, { role: 'assistant', content: '42' }] };
    writeFileSync(sessions, `${[good, noAnswer, noRole].map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
    const out = join(dir, 'replayed.jsonl');
    const replay = await runCli(['replay', '--sessions', sessions, '--candidate', 'openai:fake-model', '--base-url', fake.baseUrl, '--out', out]);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain(`${sessions}:2: session_missing_role: the last message is 'user'`);
    expect(replay.stderr).toContain(`${sessions}:3: session_missing_role: messages[0] has no role`);
    expect(replay.stderr).toContain(`${sessions}:4: session_not_json`);
    const records = read(out);
    const failed = records.filter((r) => r.failure?.stage === 'parse');
    expect(failed.map((r) => r.failure!.class)).toEqual(['session_missing_role', 'session_missing_role', 'session_not_json']);
    expect(failed.every((r) => !r.evaluation.passed)).toBe(true);
    expect(failed[2]!.request!.prompt).toBe('not json');
    // The good line: the fake answers with its echo JSON, not {"a": 1}: a disagreement, recorded as such.
    const candidate = records.find((r) => r.model.name === 'fake-model' && r.task.id === 'line-1')!;
    expect(candidate.failure).toMatchObject({ stage: 'semantic', class: 'disagrees_with_history' });
    expect(records.find((r) => r.model.name === 'history/gpt-x')!.response.text).toBe('{"a": 1}');
  }, 120_000);

  it('needs a judge for free-text answers on a real candidate', async () => {
    const dir = await tempDir('replay-prose');
    const sessions = join(dir, 'chats.jsonl');
    writeFileSync(
      sessions,
      `${JSON.stringify({
        messages: [
          { role: 'user', content: 'Say hi.' },
          { role: 'assistant', content: 'Hello there, friend.' },
        ],
      })}\n`,
    );
    const replay = await runCli([
      'replay',
      '--sessions',
      sessions,
      '--candidate',
      'openai:fake-model',
      '--base-url',
      fake.baseUrl,
      '--out',
      join(dir, 'r.jsonl'),
    ]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('1 sessions have free-text answers, which a judge compares: give --judge MODEL');
    const judged = await runCli(['replay', '--sessions', sessions, '--candidate', 'sim:large', '--out', join(dir, 'sim.jsonl')]);
    expect(judged.code, judged.stderr).toBe(0);
    const candidate = read(join(dir, 'sim.jsonl')).find((r) => r.model.name === 'large')!;
    expect(candidate.evaluation.judge!.judges[0]!.model).toBe('sim:judge');
  }, 120_000);
});
