import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { Check, Failure } from '../../schema/run-record.ts';
import { runTests, type TestCase, type TestOutcome, type TestRun, type TestRunOptions } from '../sandbox/run-tests.ts';
import { extractCode } from './code-extract.ts';
import type { EvaluationOutcome, Evaluator } from './evaluator.ts';
import { scoreFormat } from './format.ts';

/** `code@1` reference (shapes.md): the entry point, a reference solution and hidden tests. */
export const CodeReferenceSchema = z.object({
  entry_point: z.string().min(1),
  solution: z.string().min(1),
  tests: z
    .array(z.object({ name: z.string().min(1), code: z.string().min(1) }))
    .min(1)
    .refine((tests) => new Set(tests.map((t) => t.name)).size === tests.length, 'test names must be unique'),
});

export type CodeReference = z.infer<typeof CodeReferenceSchema>;

// Sandbox settings a task may carry (`task.settings`); anything else there is another evaluator's.
const SandboxSettingsSchema = z.object({
  timeout_s: z.number().positive().optional(),
  per_test_s: z.number().positive().optional(),
  memory_mb: z.number().int().positive().optional(),
});

// Validates `value`, or throws one located line: `<label>: tests.0.code: expected string`.
function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new CliError(`${label}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Validates a task's reference; a malformed one is a suite bug, not a model failure. */
export function parseReference<T>(schema: z.ZodType<T>, reference: unknown, evaluator: string): T {
  return parseOrThrow(schema, reference, `${evaluator} reference`);
}

/** Sandbox limits from `task.settings` (`timeout_s`, `per_test_s`, `memory_mb`). */
export function sandboxOptions(settings: Record<string, unknown> | undefined): TestRunOptions {
  const s = parseOrThrow(SandboxSettingsSchema, settings ?? {}, 'task settings');
  return {
    per_test_s: s.per_test_s,
    limits: {
      ...(s.timeout_s !== undefined ? { timeout_ms: Math.round(s.timeout_s * 1000) } : {}),
      ...(s.memory_mb !== undefined ? { memory_bytes: s.memory_mb * 1024 * 1024 } : {}),
    },
  };
}

const EXECUTE_CLASS = { timeout: 'timeout', memory: 'memory_limit', error: 'runtime_error', integrity: 'integrity_violation' } as const;
const clip = (text: string, max = 300): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * The verdict of a test run: score = passed tests / tests, passed = all of them. The failure is the
 * first failing test in stage order (execute before semantic), so one crash outranks a wrong value.
 */
export function outcomeFromTestRun(evaluator: string, run: TestRun, tests: TestCase[], formatScore: number): EvaluationOutcome {
  const base = { evaluator, format_score: formatScore };
  if (run.integrity.violations.length > 0) return integrityOutcome(base, run, tests);
  if (run.syntax) {
    const where = run.syntax.line === null ? '' : `line ${run.syntax.line}: `;
    const message = `${where}${run.syntax.message}`;
    return {
      evaluation: { ...base, score: 0, passed: false, checks: notRun(tests, 'not run: the code does not compile') },
      failure: { stage: 'parse', class: 'syntax_error', message: clip(message) },
      sandbox: run.sandbox.report,
    };
  }
  if (run.load_failure) {
    const { status, error, message } = run.load_failure;
    return {
      evaluation: { ...base, score: 0, passed: false, checks: notRun(tests, `not run: loading the code raised ${error}`) },
      failure: { stage: 'execute', class: EXECUTE_CLASS[status], message: clip(`loading the code: ${error}: ${message}`) },
      sandbox: run.sandbox.report,
    };
  }
  const checks: Check[] = run.tests.map((t) => ({
    name: t.name,
    passed: t.status === 'passed',
    ...(t.status === 'passed' ? {} : { detail: clip(`${t.status}: ${t.error ?? ''}${t.message ? `: ${t.message}` : ''}`) }),
  }));
  const passedCount = checks.filter((c) => c.passed).length;
  return {
    evaluation: { ...base, score: passedCount / tests.length, passed: passedCount === tests.length, checks },
    failure: firstFailure(run.tests),
    sandbox: run.sandbox.report,
  };
}

/**
 * An attempt to game the grader: score 0 and failure `integrity_violation` whatever the tests
 * said, with the tests' own checks kept and the evidence in an `integrity` check.
 */
function integrityOutcome(base: { evaluator: string; format_score: number }, run: TestRun, tests: TestCase[]): EvaluationOutcome {
  const { violations, notes } = run.integrity;
  const testChecks: Check[] =
    run.tests.length > 0
      ? run.tests.map((t) => ({
          name: t.name,
          passed: t.status === 'passed',
          ...(t.status === 'passed' ? {} : { detail: clip(`${t.status}: ${t.error ?? ''}${t.message ? `: ${t.message}` : ''}`) }),
        }))
      : notRun(tests, 'not counted: the grader was tampered with');
  const evidence: Check = { name: 'integrity', passed: false, detail: clip([...violations, ...notes].join('; '), 2000) };
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
  return {
    evaluation: { ...base, score: 0, passed: false, checks: [...testChecks, evidence] },
    failure: { stage: 'execute', class: 'integrity_violation', message: clip(`tampering with the grader: ${violations[0]}${more}`) },
    sandbox: run.sandbox.report,
  };
}

function firstFailure(tests: TestOutcome[]): Failure {
  const failing = tests.filter((t) => t.status !== 'passed');
  if (failing.length === 0) return null;
  const executeFailure = failing.find((t) => t.status !== 'failed');
  const summary = `${failing.length}/${tests.length} tests failed`;
  if (executeFailure) {
    const status = executeFailure.status as keyof typeof EXECUTE_CLASS;
    const message = `${summary}; ${executeFailure.name}: ${executeFailure.error ?? ''}${executeFailure.message ? `: ${executeFailure.message}` : ''}`;
    return { stage: 'execute', class: EXECUTE_CLASS[status], message: clip(message) };
  }
  const first = failing[0]!;
  return { stage: 'semantic', class: 'wrong_answer', message: clip(`${summary}; ${first.name}${first.message ? `: ${first.message}` : ''}`) };
}

function notRun(tests: TestCase[], detail: string): Check[] {
  return tests.map((t) => ({ name: t.name, passed: false, detail }));
}

/** No program in the answer: every test fails without running anything. */
export function extractionFailed(evaluator: string, response: string, tests: TestCase[], formatScore: number): EvaluationOutcome {
  const empty = response.trim() === '';
  return {
    evaluation: { evaluator, score: 0, passed: false, format_score: formatScore, checks: notRun(tests, 'not run: no code found') },
    failure: {
      stage: 'extract',
      class: 'extraction_failed',
      message: empty ? 'the response is empty' : 'no Python code found in the response (no fenced block, no code at the start of a line)',
    },
  };
}

/**
 * `code@1`: extracts the program from the answer, runs each hidden test in the sandbox, and scores
 * the answer's shape separately (`format_score`).
 */
export const codeEvaluator: Evaluator = {
  name: 'code',
  version: 1,
  successDefinition: 'the extracted Python code passes every hidden unit test in the sandbox',
  async evaluate({ response, reference, settings }) {
    const ref = parseReference(CodeReferenceSchema, reference, 'code@1');
    const extracted = extractCode(response, { entryPoint: ref.entry_point });
    if (!extracted) return extractionFailed('code@1', response, ref.tests, scoreFormat(response, { entryPoint: ref.entry_point }).score);
    const run = await runTests({ source: extracted.code, tests: ref.tests }, sandboxOptions(settings));
    const format = scoreFormat(response, { entryPoint: ref.entry_point, parses: run.syntax === null });
    return outcomeFromTestRun('code@1', run, ref.tests, format.score);
  },
};
