import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../lib/hash.ts';
import { resolveLimits, type SandboxLimits, type SandboxLimitsInput } from './limits.ts';
import { runPython, SandboxError, type SandboxResult } from './run-python.ts';
import { HARNESS_SOURCE, MARKER_PREFIX, parseHarnessOutput } from './test-harness.ts';

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

export type TestStatus = 'passed' | 'failed' | 'timeout' | 'memory' | 'error' | 'integrity';

export interface TestOutcome {
  name: string;
  status: TestStatus;
  error?: string;
  message?: string;
}

/** What the grader saw of an attempt to game it (docs/sandbox.md, "Grading integrity"). */
export interface IntegrityReport {
  /** Tampering detected at run time, by the static scan or in the result lines: any entry fails the run. */
  violations: string[];
  /** Static findings that are evidence only (an `import inspect`, a call to `exec`). */
  notes: string[];
}

export interface TestRun {
  /** The candidate did not compile. */
  syntax: { line: number | null; message: string } | null;
  /** Module-level execution of the candidate, when it failed; null when it loaded (or never compiled). */
  load_failure: { status: Exclude<TestStatus, 'passed' | 'failed' | 'integrity'>; error: string; message: string } | null;
  /** One entry per test, in order; empty after a syntax or load failure. */
  tests: TestOutcome[];
  integrity: IntegrityReport;
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
  const marker = `${MARKER_PREFIX}${randomBytes(12).toString('hex')}@@`;
  // The key never leaves the parent except in run.json, which the harness deletes before any
  // candidate code runs: only the harness can MAC a result line.
  const key = randomBytes(32);
  const spec = { marker, key: key.toString('hex'), source: program.source, tests: program.tests, per_test_s: perTestS };
  const sandbox = await runPython(HARNESS_SOURCE, { limits, files: { 'run.json': JSON.stringify(spec) } });
  const output = parseHarnessOutput(sandbox.stdout, marker, key);
  const events = output.events;

  if (!events.some((e) => e.event === 'start')) {
    throw new SandboxError(`the test harness did not start (${describeExit(sandbox)}): ${sandbox.stderr.trim().split('\n').pop() ?? ''}`);
  }
  const integrity: IntegrityReport = { violations: [...output.tampering], notes: [] };
  const run: TestRun = { syntax: null, load_failure: null, tests: [], integrity, sandbox };
  const death = statusOfDeath(sandbox);
  const results = new Map<string, TestOutcome>();
  let loaded = false;
  for (const event of events) {
    if (event.event === 'syntax') run.syntax = { line: event.line, message: event.message };
    if (event.event === 'static') {
      integrity.violations.push(...event.fatal.map((f) => `static scan: ${f}`));
      integrity.notes.push(...event.notes.map((f) => `static scan: ${f}`));
    }
    if (event.event === 'integrity')
      integrity.violations.push(
        ...event.findings.map((f) => `${event.where === 'load' || event.where === 'end' ? `at ${event.where}` : `in test ${event.where}`}: ${f}`),
      );
    if (event.event === 'load' && event.status === 'ok') loaded = true;
    if (event.event === 'load' && event.status !== 'ok') {
      const status = event.status === 'integrity' ? 'error' : event.status;
      run.load_failure = { status, error: event.error ?? 'Error', message: event.message ?? '' };
      if (event.status === 'integrity') integrity.violations.push(`at load: ${event.message ?? ''}`);
    }
    if (event.event === 'test') {
      results.set(event.name, { name: event.name, status: event.status, error: event.error, message: event.message });
      if (event.status === 'integrity') integrity.violations.push(`in test ${event.name}: ${event.message ?? ''}`);
    }
  }
  integrity.violations = [...new Set(integrity.violations)];
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
function statusOfDeath(sandbox: SandboxResult): { status: Exclude<TestStatus, 'passed' | 'failed' | 'integrity'>; error: string; message: string } {
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
