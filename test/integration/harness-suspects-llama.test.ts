import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerificationSchema } from '../../schema/surfaces/index.ts';
import { ROOT, readLedger, runCli, tempDir } from './openai-sweep-helpers.ts';

const SERVER_DIR = path.resolve(ROOT, '../shared/llama-server');
const haveServer = existsSync(path.join(SERVER_DIR, 'llama-server'));
if (!haveServer) console.warn(`skipping the real-server harness-suspect test: ${SERVER_DIR} is absent`);

let child: ChildProcess | undefined;
let baseUrl = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

beforeAll(async () => {
  if (!haveServer) return;
  const port = await freePort();
  const args = [
    '-m',
    path.join(SERVER_DIR, 'stories260K.gguf'),
    '--alias',
    'stories260K',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '-c',
    '2048',
    '-np',
    '1',
    '-t',
    '1',
  ];
  child = spawn(path.join(SERVER_DIR, 'llama-server'), args, { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      baseUrl = `http://127.0.0.1:${port}/v1`;
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('llama-server did not become healthy within 10 s');
}, 30_000);

afterAll(() => {
  child?.kill();
});

describe.runIf(haveServer)('harness suspects from a real sweep against llama.cpp', () => {
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
