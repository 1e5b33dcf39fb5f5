import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeReliability } from '../../core/judge-reliability.ts';
import { RunRecordSchema } from '../../schema/run-record.ts';
import { createBackend } from '../../runner/backends/create-backend.ts';
import { parseRunFlags } from '../../runner/sweep/flags.ts';
import { runSweep } from '../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../runner/sweep/options.ts';
import { tempDir, testEffects } from '../runner/sweep/support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_DIR = resolve(ROOT, '../shared/llama-server');
const present = existsSync(join(SERVER_DIR, 'llama-server'));
if (!present) console.log(`skipped judged-llama: ${SERVER_DIR} is absent (the real llama.cpp server ships only in the project's shared folder)`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe.skipIf(!present)('a judged sweep against the real llama.cpp server', () => {
  let child: ChildProcess;
  let baseUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    const args = [
      '-m',
      join(SERVER_DIR, 'stories260K.gguf'),
      '--alias',
      'stories260K',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '-c',
      '4096',
      '-np',
      '1',
      '-t',
      '1',
    ];
    child = spawn(join(SERVER_DIR, 'llama-server'), args, { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((done) => setTimeout(done, 50));
    }
    baseUrl = `http://127.0.0.1:${port}/v1`;
  });
  afterAll(() => {
    child?.kill();
  });

  it('runs end to end, keeps every raw verdict, and its reliability figures show a tiny judge grades badly', async () => {
    const flags = parseRunFlags([
      ...['--models', 'openai:stories260K', '--judge', 'openai:stories260K', '--base-url', baseUrl],
      ...['--experiments', 'support_replies_v1', '--limit', '4', '--max-tokens', '48', '--ledgers-dir', tempDir()],
    ]);
    const dirs = { root: join(ROOT, 'experiments'), arms: join(ROOT, 'experiments/_arms') };
    const outcome = await runSweep(
      runTarget(flags),
      optionsFromFlags(flags),
      testEffects(dirs, () => null as never, { createBackend }),
    );
    const records = readFileSync(outcome.ledgerPath!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => RunRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(4);
    // A children's-story model states no policy fact: nothing passes, whatever its judge says.
    expect(records.every((r) => !r.evaluation.passed && r.failure !== null)).toBe(true);
    const judged = records.filter((r) => r.evaluation.judge !== undefined);
    expect(judged.length).toBeGreaterThan(0);
    for (const record of judged) {
      const calls = record.evaluation.judge!.judges[0]!.calls;
      expect(calls).toHaveLength(3);
      for (const call of calls) {
        expect(call.usage.token_source).toBe('server');
        if (call.reply_grade === null) expect(call.failure?.class).toBe('judge_no_grade');
      }
      expect(calls.some((call) => call.text.length > 0)).toBe(true);
    }
    const reliability = judgeReliability(judged.map((r) => r.evaluation.judge!));
    expect(reliability.reliable).toBe(false);
    expect(reliability.warnings.length).toBeGreaterThan(0);
  }, 240_000);
});
