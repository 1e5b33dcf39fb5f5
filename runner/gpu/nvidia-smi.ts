import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** What one nvidia-smi invocation returned. `code` is null when it could not be started. */
export interface SmiResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The timeout for one-shot calls: a wedged driver must not hang the sweep. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * Where `command` resolves on PATH (or the path itself when it holds a slash), or null when no
 * executable file is there: then the sweep runs without a GPU.
 */
export function findExecutable(command: string, envPath = process.env.PATH ?? ''): string | null {
  const candidates = command.includes('/')
    ? [command]
    : envPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return path.resolve(candidate);
    } catch {
      // not here; try the next PATH entry
    }
  }
  return null;
}

/** Runs one nvidia-smi command at a time; the only place the GPU layer starts short-lived processes. */
export class NvidiaSmi {
  constructor(readonly executable: string) {}

  run(args: readonly string[]): Promise<SmiResult> {
    return new Promise((resolve) => {
      execFile(this.executable, [...args], { timeout: CALL_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          resolve({ code: null, stdout: stdout ?? '', stderr: stderr || error.message });
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout: stdout ?? '', stderr: stderr ?? '' });
      });
    });
  }

  /** Synchronous variant for the process `exit` hook, where nothing asynchronous runs any more. */
  runSync(args: readonly string[]): SmiResult {
    try {
      const stdout = execFileSync(this.executable, [...args], { timeout: CALL_TIMEOUT_MS, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const failure = error as { status?: number | null; stdout?: string; stderr?: string; message: string };
      return { code: failure.status ?? null, stdout: failure.stdout ?? '', stderr: failure.stderr ?? failure.message };
    }
  }

  /** The command line as a person would type it, for error messages. */
  describe(args: readonly string[]): string {
    return ['nvidia-smi', ...args].join(' ');
  }
}

/** The first non-empty line of an invocation's output, for one-line error messages. */
export function firstLine(result: SmiResult): string {
  const text = `${result.stdout}\n${result.stderr}`;
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? `exit code ${result.code ?? 'unknown'}`
  );
}
