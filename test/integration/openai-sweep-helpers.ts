import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunRecordSchema, type RunRecord } from '../../schema/run-record.ts';

/** Shared by the sweep integration tests: spawn the real CLI, read what it wrote. */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/ledgerbench.js ARGS` from the repository root with extra environment variables. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/ledgerbench.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `ledgerbench-${prefix}-`));
}

/** Every `.jsonl` under `dir` (the runner may nest ledgers). */
export async function ledgerFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => path.join(e.parentPath, e.name));
}

/** Reads and validates every record of the one ledger in `dir`; returns the records and the raw text. */
export async function readLedger(dir: string): Promise<{ records: RunRecord[]; text: string }> {
  const files = await ledgerFiles(dir);
  if (files.length !== 1) throw new Error(`expected one ledger in ${dir}, found ${files.length}`);
  const text = await fs.readFile(files[0]!, 'utf8');
  const records = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => RunRecordSchema.parse(JSON.parse(line)));
  return { records, text };
}

/** The suite's tasks, so a fake server can answer each prompt with its reference. */
export function suiteReferences(suite: string): Array<{ id: string; prompt: string; reference: unknown }> {
  const text = readFileSync(path.join(ROOT, 'experiments', suite, 'tasks.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; prompt: string; reference: unknown });
}

/** An answer function for math_measurement_v1: works it out "from the prompt" by finding the task. */
export function mathAnswerer(): (prompt: string) => string {
  const tasks = suiteReferences('math_measurement_v1');
  return (prompt) => {
    const task = tasks.find((t) => prompt.includes(t.prompt));
    return task ? `Working it through.\nAnswer: ${String(task.reference)}` : 'Answer: 0';
  };
}
