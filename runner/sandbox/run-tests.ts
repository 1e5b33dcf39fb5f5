import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../lib/hash.ts';
import { resolveLimits, type SandboxLimits, type SandboxLimitsInput } from './limits.ts';
import { runPython, SandboxError, type SandboxResult } from './run-python.ts';
import { HARNESS_SOURCE, parseHarnessOutput } from './test-harness.ts';

/** One hidden test: Python statements (asserts) run against the candidate's namespace. */
export interface TestCase {
  name: string;
  code: string;
}

/** A whole program to check: the candidate source (with any prelude) and its tests. */
export interface TestProgram {
  source: string;
  tests: TestCase[];
}

export interface TestRunOptions {
  limits?: SandboxLimitsInput;
  /** Alarm per test (and for the module-level code); default half the wall limit, at most 5 s. */
  per_test_s?: number;
}

export type TestStatus = 'passed' | 'failed' | 'timeout' | 'memory' | 'error';

export interface TestOutcome {
  name: string;
  status: TestStatus;
  error?: string;
  message?: string;
}

export interface TestRun {
  /** The candidate did not compile. */
  syntax: { line: number | null; message: string } | null;
  /** Module-level execution of the candidate, when it failed; null when it loaded (or never compiled). */
  load_failure: { status: Exclude<TestStatus, 'passed' | 'failed'>; error: string; message: string } | null;
  /** One entry per test, in order; empty after a syntax or load failure. */
  tests: TestOutcome[];
  sandbox: SandboxResult;
}

/**
 * Runs `program` under the harness in the sandbox and reads back one outcome per test. A test
 * with no result line (the process died, timed out or flooded) gets the status of how it died.
 * The same program with the same limits is run once per process (the last 512 are remembered).
 */
export function runTests(program: TestProgram, options: TestRunOptions = {}): Promise<TestRun> {
  const limits = resolveLimits(options.limits);
  const perTestS = options.per_test_s ?? Math.max(1, Math.min(5, limits.timeout_ms / 2000));
  // Repeats and samples often produce the very same program: run it once per process. This also
  // keeps sandbox timing noise (a timeout under load) out of the variance between repeats.
  const key = sha256Hex(canonicalJson({ program, limits, perTestS }));
  let run = recent.get(key);
  if (!run) {
    run = execute(program, limits, perTestS);
    recent.set(key, run);
    run.catch(() => recent.delete(key));
    if (recent.size > CACHE_SIZE) recent.delete(recent.keys().next().value!);
  }
  return run;
}

const CACHE_SIZE = 512;
const recent = new Map<string, Promise<TestRun>>();

async function execute(program: TestProgram, limits: SandboxLimits, perTestS: number): Promise<TestRun> {
  const marker = `@@lb-${randomBytes(12).toString('hex')}@@`;
  const spec = { marker, source: program.source, tests: program.tests, per_test_s: perTestS };
  const sandbox = await runPython(HARNESS_SOURCE, { limits, files: { 'run.json': JSON.stringify(spec) } });
  const events = parseHarnessOutput(sandbox.stdout, marker);

  if (!events.some((e) => e.event === 'start')) {
    throw new SandboxError(`the test harness did not start (${describeExit(sandbox)}): ${sandbox.stderr.trim().split('\n').pop() ?? ''}`);
  }
  const run: TestRun = { syntax: null, load_failure: null, tests: [], sandbox };
  const death = statusOfDeath(sandbox);
  const results = new Map<string, TestOutcome>();
  let loaded = false;
  for (const event of events) {
    if (event.event === 'syntax') run.syntax = { line: event.line, message: event.message };
    if (event.event === 'load' && event.status === 'ok') loaded = true;
    if (event.event === 'load' && event.status !== 'ok') {
      run.load_failure = { status: event.status, error: event.error ?? 'Error', message: event.message ?? '' };
    }
    if (event.event === 'test') results.set(event.name, { name: event.name, status: event.status, error: event.error, message: event.message });
  }
  if (run.syntax) return run;
  if (!loaded && !run.load_failure) {
    // Died while loading the module: the same verdict as a test that died.
    run.load_failure = { status: death.status, error: death.error, message: death.message };
    return run;
  }
  if (run.load_failure) return run;
  run.tests = program.tests.map((test) => results.get(test.name) ?? { name: test.name, ...death });
  return run;
}

// Why a program stopped before reporting: the status its unreported tests get.
function statusOfDeath(sandbox: SandboxResult): { status: Exclude<TestStatus, 'passed' | 'failed'>; error: string; message: string } {
  const how = describeExit(sandbox);
  if (sandbox.timed_out) return { status: 'timeout', error: 'Timeout', message: `wall-clock limit reached (${how})` };
  if (sandbox.memory_exceeded) return { status: 'memory', error: 'MemoryError', message: `memory limit reached (${how})` };
  // Past the cap the harness's own result lines are dropped along with the program's output.
  if (sandbox.output_flooded || sandbox.stdout_truncated) return { status: 'error', error: 'OutputLimit', message: `output limit reached (${how})` };
  // RLIMIT_CPU ends a process with SIGXCPU, or SIGKILL at the hard limit, without our wall timer firing.
  if (sandbox.signal === 'SIGXCPU' || sandbox.signal === 'SIGKILL') {
    return { status: 'timeout', error: 'CpuLimit', message: `cpu-time limit reached (${how})` };
  }
  const tail = sandbox.stderr.trim().split('\n').pop() ?? '';
  return { status: 'error', error: 'Crash', message: `process ended before reporting (${how})${tail ? `: ${tail}` : ''}` };
}

function describeExit(sandbox: SandboxResult): string {
  if (sandbox.signal) return `signal ${sandbox.signal} after ${sandbox.duration_ms} ms`;
  return `exit code ${sandbox.exit_code} after ${sandbox.duration_ms} ms`;
}
