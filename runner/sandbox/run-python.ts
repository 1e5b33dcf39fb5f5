import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chown, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import type { SandboxReport } from '../../schema/run-record.ts';
import { detectCapabilities } from './capabilities.ts';
import { CappedOutput } from './capped-output.ts';
import { buildSandboxCommand, decodeExit, type SandboxCapabilities, type SandboxCommand, sandboxEnv, SETUP_FAILED, SETUP_FD } from './command.ts';
import { resolveLimits, type SandboxLimits, type SandboxLimitsInput } from './limits.ts';
import { createWorkdir, removeWorkdir } from './workdir.ts';

export interface RunPythonOptions {
  limits?: SandboxLimitsInput;
  /** More files to place beside the script (name → content), e.g. data the program reads. */
  files?: Record<string, string>;
  python?: string;
  /** Use these instead of the detected ones: a narrower set, to exercise the fallbacks. */
  capabilities?: SandboxCapabilities;
}

/** What happened to one sandboxed program. */
export interface SandboxResult {
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  /** The program hit the address-space limit (MemoryError or a failed allocation). */
  memory_exceeded: boolean;
  /** Killed because one stream passed `output_kill_bytes`. */
  output_flooded: boolean;
  stdout: string;
  stderr: string;
  stdout_truncated: boolean;
  stderr_truncated: boolean;
  duration_ms: number;
  report: SandboxReport;
}

/**
 * The sandbox itself could not run the program (missing interpreter, failed mount): not the
 * program's fault, so no verdict is recorded; it reaches the user as one line.
 */
export class SandboxError extends CliError {
  constructor(message: string) {
    super(`sandbox: ${message}`, 1);
    this.name = 'SandboxError';
  }
}

const SCRIPT = 'main.py';
// uids above every distro's ordinary range; one per run, so concurrent runs never share an nproc budget.
const UID_BASE = 200_000;
const UID_SPAN = 100_000;
// How CPython and C extensions report a failed allocation under RLIMIT_AS.
const MEMORY_PATTERN = /\bMemoryError\b|Cannot allocate memory|Unable to allocate|out of memory/;

// Process groups still running, killed if this process exits first (a death by signal skips 'exit'
// handlers; the parent-death signal covers that case where the machine allows it).
const liveGroups = new Set<number>();
let exitHooked = false;

/**
 * Runs `source` as a Python program in its own temp dir under every protection this machine allows
 * (see docs/sandbox.md), then removes the dir. Never rejects for what the program does; rejects with
 * SandboxError only when the sandbox could not start it.
 */
export async function runPython(source: string, options: RunPythonOptions = {}): Promise<SandboxResult> {
  const limits = resolveLimits(options.limits);
  const caps = options.capabilities ?? (await detectCapabilities(options.python));
  const workdir = await createWorkdir();
  const uid = UID_BASE + randomInt(UID_SPAN);
  try {
    await writeFile(path.join(workdir, SCRIPT), source);
    for (const [name, content] of Object.entries(options.files ?? {})) {
      if (name.includes('/') || name.startsWith('.')) throw new SandboxError(`sandbox file name must be plain: ${name}`);
      await writeFile(path.join(workdir, name), content);
    }
    // The program may create and delete files in its own dir only.
    if (caps.setpriv) await chown(workdir, uid, uid);
    const command = buildSandboxCommand(caps, limits, { workdir, script: SCRIPT, uid });
    const { setup, ...result } = await execute(command, limits);
    // Only the setup writes fd 3, and it is closed before the program runs: a program printing the
    // marker cannot pass itself off as a broken sandbox.
    if (setup.includes(SETUP_FAILED)) throw new SandboxError(`setup failed: ${firstLine(result.stderr)}`);
    return { ...result, ...decodeExit(command, result.exit_code, result.signal), report: command.report };
  } finally {
    await removeWorkdir(workdir);
  }
}

type Execution = Omit<SandboxResult, 'report'> & { setup: string };

function execute(command: SandboxCommand, limits: SandboxLimits): Promise<Execution> {
  const { file, args, cwd, home } = command;
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const pid of liveGroups) killProcessGroup(pid);
    });
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // detached: the child leads a new process group, so one kill reaches every descendant.
    const stdio: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'pipe', ...(command.setupChannel ? (['pipe'] as const) : [])];
    const child = spawn(file, args, { cwd, env: sandboxEnv(home), stdio, detached: true });
    const setup = new CappedOutput(4096);
    child.stdio[SETUP_FD]?.on('data', (chunk: Buffer) => setup.push(chunk));
    if (child.pid !== undefined) liveGroups.add(child.pid);
    const stdout = new CappedOutput(limits.output_cap_bytes);
    const stderr = new CappedOutput(limits.output_cap_bytes);
    let timedOut = false;
    let flooded = false;
    let exit: { code: number | null; signal: string | null; ms: number } | undefined;
    let straggler: NodeJS.Timeout | undefined;

    const killGroup = (): void => {
      if (child.pid !== undefined) killProcessGroup(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, limits.timeout_ms);
    const collect = (sink: CappedOutput) => (chunk: Buffer) => {
      sink.push(chunk);
      if (!flooded && sink.total > limits.output_kill_bytes) {
        flooded = true;
        killGroup();
      }
    };
    child.stdout?.on('data', collect(stdout));
    child.stderr?.on('data', collect(stderr));

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new SandboxError(`cannot start ${file}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal, ms: performance.now() - started };
      clearTimeout(timer);
      // Anything the program left behind in its group dies with it.
      killGroup();
      // A stray holder of the pipes (possible only without a pid namespace) must not keep us
      // waiting for 'close' forever.
      straggler = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        child.stdio[SETUP_FD]?.destroy();
        finish();
      }, 1000);
    });
    child.on('close', () => finish());

    let done = false;
    function finish(): void {
      if (done || exit === undefined) return;
      done = true;
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      clearTimeout(straggler);
      const err = stderr.text();
      resolve({
        exit_code: exit.code,
        signal: exit.signal,
        timed_out: timedOut,
        memory_exceeded: MEMORY_PATTERN.test(err),
        output_flooded: flooded,
        stdout: stdout.text(),
        stderr: err,
        stdout_truncated: stdout.truncated,
        stderr_truncated: stderr.truncated,
        duration_ms: Math.round(exit.ms),
        setup: setup.text(),
      });
    }
  });
}

function killProcessGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '' && !line.includes(SETUP_FAILED)) ?? 'no detail';
}
