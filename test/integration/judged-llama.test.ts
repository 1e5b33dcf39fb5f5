import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeReliability } from '../../core/judge-reliability.ts';
import { RunRecordSchema } from '../../schema/run-record.ts';
import { createBackend } from '../../runner/backends/create-backend.ts';
import { parseRunFlags } from '../../runner/sweep/flags.ts';
import { runSweep } from '../../runner/sweep/loop.ts';
import { optionsFromFlags, runTarget } from '../../runner/sweep/options.ts';
import { tempDir, testEffects } from '../runner/sweep/support.ts';
import { HAVE_LLAMA_SERVER, LLAMA_SERVER_DIR, type LlamaServer, startLlamaServer } from './llama-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
if (!HAVE_LLAMA_SERVER)
  console.log(`skipped judged-llama: ${LLAMA_SERVER_DIR} is absent (the real llama.cpp server ships only in the project's shared folder)`);

describe.skipIf(!HAVE_LLAMA_SERVER)('a judged sweep against the real llama.cpp server', () => {
  let server: LlamaServer | undefined;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startLlamaServer({ context: 4096 });
    baseUrl = `${server.url}/v1`;
  });
  afterAll(() => {
    server?.child.kill();
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
