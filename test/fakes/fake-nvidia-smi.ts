import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import spec from './nvidia-smi-spec.json' with { type: 'json' };

/** The fake GPU's figures, read by the fake script too (test/fakes/nvidia-smi-spec.json). */
export const FAKE_GPU = spec;

const FAKES_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Absolute path of the fake `nvidia-smi` executable. */
export const FAKE_NVIDIA_SMI = path.join(FAKES_DIR, 'nvidia-smi');

export interface FakeNvidiaSmiOptions {
  gpus?: number;
  /** `na`: the counter prints [N/A]; `unknown-field`: nvidia-smi does not know the field. */
  energy?: 'counter' | 'na' | 'unknown-field';
  powerLimit?: 'supported' | 'unsupported';
  permission?: 'granted' | 'denied';
}

/** One fake GPU host: its state directory, the environment that selects it, and what it saw. */
export interface FakeNvidiaSmi {
  dir: string;
  /** Environment variables for a child process: PATH with test/fakes first, and the mode. */
  env: Record<string, string>;
  /** Flips the fake's load: busy GPUs draw more power and the counter climbs faster. */
  setBusy(busy: boolean): Promise<void>;
  /** Every invocation's arguments, in order. */
  invocations(): Promise<string[][]>;
  /** The limit file of GPU i (written only by `-pl`), or null when never written. */
  limitFile(gpu: number): Promise<number | null>;
  /** Copies env into process.env (for in-process tests); returns the undo. */
  useInProcess(): () => void;
  cleanup(): Promise<void>;
}

export async function createFakeNvidiaSmi(options: FakeNvidiaSmiOptions = {}): Promise<FakeNvidiaSmi> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-nvidia-smi-'));
  const env: Record<string, string> = {
    PATH: `${FAKES_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    FAKE_NVIDIA_SMI_STATE: dir,
    FAKE_NVIDIA_SMI_GPUS: String(options.gpus ?? 1),
    FAKE_NVIDIA_SMI_ENERGY: options.energy ?? 'counter',
    FAKE_NVIDIA_SMI_POWER_LIMIT: options.powerLimit ?? 'supported',
    FAKE_NVIDIA_SMI_PERMISSION: options.permission ?? 'granted',
  };
  return {
    dir,
    env,
    async setBusy(busy) {
      await appendFile(path.join(dir, 'events.log'), `${JSON.stringify({ at: Date.now(), kind: 'load', busy })}\n`);
    },
    async invocations() {
      const text = await readFile(path.join(dir, 'invocations.log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
    },
    async limitFile(gpu) {
      const file = path.join(dir, `power-limit-${gpu}`);
      if (!(await stat(file).catch(() => null))) return null;
      return Number(await readFile(file, 'utf8'));
    },
    useInProcess() {
      const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
      Object.assign(process.env, env);
      return () => {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      };
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** True when an invocation changes a power limit (`-pl W` or `--power-limit=W`). */
export function isSetLimit(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '-pl' || arg === '--power-limit' || arg.startsWith('--power-limit='));
}
