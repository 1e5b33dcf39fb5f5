import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerificationSchema } from '../../schema/surfaces/index.ts';
import { HAVE_LLAMA_SERVER, LLAMA_SERVER_DIR, type LlamaServer, startLlamaServer } from './llama-server.ts';
import { readLedger, runCli, tempDir } from './openai-sweep-helpers.ts';

if (!HAVE_LLAMA_SERVER) console.warn(`skipping the real-server harness-suspect test: ${LLAMA_SERVER_DIR} is absent`);

let server: LlamaServer | undefined;
let baseUrl = '';

beforeAll(async () => {
  if (!HAVE_LLAMA_SERVER) return;
  server = await startLlamaServer();
  baseUrl = `${server.url}/v1`;
}, 30_000);

afterAll(() => {
  server?.child.kill();
});

describe.runIf(HAVE_LLAMA_SERVER)('harness suspects from a real sweep against llama.cpp', () => {
  it('replies cut at --max-tokens and scored wrong are recorded as max_tokens suspects, and counted per suite at export', async () => {
    const dir = await tempDir('suspects-llama');
    const ledger = path.join(dir, 'sweep.jsonl');
    const run = await runCli([
      'run',
      '--models',
      'openai:stories260K',
      '--base-url',
      baseUrl,
      '--experiments',
      'math_measurement_v1,code_exec_v1',
      '--limit',
      '3',
      '--max-tokens',
      '8',
      '--out',
      ledger,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { records } = await readLedger(dir);
    expect(records).toHaveLength(6);
    // The tiny story model answers nothing right, and 8 tokens cut every reply: the server says `length`.
    for (const record of records) {
      expect(record.response.done_reason).toBe('length');
      expect(record.evaluation.passed).toBe(false);
      expect(record.failure?.harness_suspect).toEqual({ reason: 'max_tokens', evidence: expect.stringContaining('done_reason length') });
    }
    const out = path.join(dir, 'data');
    const exported = await runCli(['export', '--ledgers', path.join(dir, '*.jsonl'), '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const verification = VerificationSchema.parse(JSON.parse(await readFile(path.join(out, 'verification.json'), 'utf8')));
    expect(verification.harness_suspects.map((row) => [row.experiment, row.reason, row.runs])).toEqual([
      ['code_exec_v1', 'max_tokens', 3],
      ['math_measurement_v1', 'max_tokens', 3],
    ]);
  }, 120_000);
});
