import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../../../runner/sandbox/capabilities.ts';
import type { SandboxCapabilities } from '../../../runner/sandbox/command.ts';

/**
 * A runner killed while its sandboxed program runs (SIGKILL, or SIGTERM with Node's default
 * handling) must leave no process and no temp dir behind. The program never ends by itself.
 */
const REPO = path.resolve(import.meta.dirname, '../../..');
const FIXTURE = path.join(REPO, 'test/fixtures/sandbox/run-forever.ts');

function pids(): string[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
}

function argv(pid: string): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

// The `sleep TAG` processes (zombies have an empty command line: they run nothing).
const withTag = (tag: string): string[] => pids().filter((pid) => argv(pid)[0] === 'sleep' && argv(pid)[1] === tag);

// Processes working in a sandbox dir of `owner` (the sandbox names its dirs after their owner's pid).
function inSandboxOf(owner: number): string[] {
  return pids().filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`).includes(`lb-sandbox-${owner}-`);
    } catch {
      return false;
    }
  });
}

const leftDirs = (owner: number): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith(`lb-sandbox-${owner}-`));

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('a killed runner leaves nothing behind', () => {
  let caps: SandboxCapabilities;
  beforeAll(async () => {
    caps = await detectCapabilities();
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} of a node process inside runPython kills the program and its setsid child at once`, async (ctx) => {
      if (!caps.pdeathsig || !['root', 'user'].includes(caps.namespaces)) return ctx.skip();
      const tag = `${100_000 + randomInt(800_000)}.${randomInt(1_000_000)}`;
      const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, tag], { cwd: REPO, stdio: 'ignore' });
      try {
        // The program and its child, both running `sleep TAG`.
        await until(() => withTag(tag).length === 2, 30_000);
        child.kill(signal);
        await exited(child);
        const gone = await until(() => withTag(tag).length === 0, 5000);
        console.log(`${signal}: program gone ${gone.toFixed(0)} ms after the runner died`);
        expect(gone).toBeLessThan(1000);
        expect(leftDirs(child.pid!)).toEqual([]);
      } finally {
        for (const pid of withTag(tag)) process.kill(Number(pid), 'SIGKILL');
        child.kill('SIGKILL');
      }
    }, 60_000);
  }

  describe('ledgerbench score', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'lb-orphans-'));
      const response = '```python\nimport time\ndef f():\n    return 1\ntime.sleep(10 ** 6)\n```';
      const line = {
        id: 'sleeper',
        response,
        reference: { entry_point: 'f', solution: 'def f():\n    return 1\n', tests: [{ name: 't', code: 'assert f() == 1' }] },
        settings: { timeout_s: 300, per_test_s: 250 },
      };
      writeFileSync(path.join(dir, 'input.jsonl'), `${JSON.stringify(line)}\n`);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      it(`${signal} of \`score --evaluator code\` while the answer sleeps forever leaves no process and no temp dir`, async (ctx) => {
        if (!caps.pdeathsig || !['root', 'user'].includes(caps.namespaces)) return ctx.skip();
        const args = [path.join(REPO, 'bin/ledgerbench.js'), 'score', '--evaluator', 'code', '--input', path.join(dir, 'input.jsonl')];
        const child = spawn(process.execPath, args, { cwd: REPO, stdio: 'ignore' });
        try {
          // The answer's own interpreter (not the setup shell, not the seccomp launcher) is running.
          // Its command line is read once: a process that exits meanwhile reads as none (and is not it).
          const running = (pid: string): boolean => {
            const command = argv(pid);
            return (command[0] ?? '').endsWith('python3') && command.includes('main.py') && !command.includes('-c');
          };
          await until(() => inSandboxOf(child.pid!).some(running), 30_000);
          child.kill(signal);
          await exited(child);
          const gone = await until(() => inSandboxOf(child.pid!).length === 0, 5000);
          console.log(`score ${signal}: sandbox gone ${gone.toFixed(0)} ms after the runner died`);
          expect(gone).toBeLessThan(1000);
          expect(leftDirs(child.pid!)).toEqual([]);
        } finally {
          for (const pid of inSandboxOf(child.pid!)) process.kill(Number(pid), 'SIGKILL');
          child.kill('SIGKILL');
        }
      }, 60_000);
    }
  });
});
