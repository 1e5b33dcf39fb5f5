import { z } from 'zod';

/**
 * Resource limits for one sandboxed program. Defaults suit a unit-test run of a small function:
 * generous enough for any honest solution, tight enough that a runaway program is cheap.
 */
export const SandboxLimitsSchema = z.object({
  /** Wall-clock limit; the whole process group is SIGKILLed when it passes. */
  timeout_ms: z.number().int().positive().default(10_000),
  /** CPU seconds (RLIMIT_CPU); null means "the wall limit, rounded up". */
  cpu_s: z.number().int().positive().nullable().default(null),
  /** Address space (RLIMIT_AS). 1 GiB leaves room for CPython plus a few hundred MB of data. */
  memory_bytes: z
    .number()
    .int()
    .positive()
    .default(1024 ** 3),
  /** Largest file the program may write (RLIMIT_FSIZE). */
  fsize_bytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 ** 2),
  /** Open file descriptors (RLIMIT_NOFILE). */
  nofile: z.number().int().positive().default(64),
  /** Processes of the sandbox's user (RLIMIT_NPROC): bounds a fork bomb. */
  nproc: z.number().int().positive().default(32),
  /**
   * The program's whole writable space: one tmpfs (its cwd, /tmp, /var/tmp, /dev/shm, /run/lock)
   * inside its mount namespace, so a write past it fails with ENOSPC and nothing reaches the host disk.
   */
  tmp_bytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024 ** 2),
  /** Bytes kept of stdout and of stderr each; the rest is counted and discarded. */
  output_cap_bytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** A program that writes this many bytes to one stream is killed: it is flooding, not answering. */
  output_kill_bytes: z
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
});

export type SandboxLimits = z.infer<typeof SandboxLimitsSchema>;
export type SandboxLimitsInput = z.input<typeof SandboxLimitsSchema>;

export function resolveLimits(input: SandboxLimitsInput = {}): SandboxLimits {
  return SandboxLimitsSchema.parse(input);
}

/** CPU seconds actually applied: the explicit limit, else the wall limit rounded up. */
export function cpuSeconds(limits: SandboxLimits): number {
  return limits.cpu_s ?? Math.max(1, Math.ceil(limits.timeout_ms / 1000));
}
