import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { Evaluator, EvaluationInput, EvaluationOutcome } from './evaluator.ts';
import { extractFinalAnswer, parseNumberText, type Extraction } from './numeric-extract.ts';

/**
 * `numeric@1`: one final number, extracted from free text (see numeric-extract.ts for the
 * routes), compared with the reference within a tolerance.
 */
const NAME = 'numeric';
const VERSION = 1;
const ID = `${NAME}@${VERSION}`;

/** A number, or a string that is exactly one number ("1,200", "-7", "3/4"); percent strings are ambiguous and refused. */
export const NumericReferenceSchema = z.unknown().transform((value, ctx): number => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const reading = typeof value === 'string' ? parseNumberText(value) : null;
  if (reading && !reading.percent) return reading.value;
  ctx.addIssue({ code: 'custom', message: `expected a number or a numeric string, got ${JSON.stringify(value)}` });
  return z.NEVER;
});

/** Tolerances from `task.settings`; other settings keys are ignored. */
export const NumericSettingsSchema = z
  .object({
    rel_tol: z.number().nonnegative().default(1e-6),
    abs_tol: z.number().nonnegative().default(1e-9),
  })
  .loose();

export type NumericSettings = z.infer<typeof NumericSettingsSchema>;

/** Equal within `max(abs_tol, rel_tol × |reference|)`. */
export function withinTolerance(value: number, reference: number, settings: NumericSettings): boolean {
  return Math.abs(value - reference) <= Math.max(settings.abs_tol, settings.rel_tol * Math.abs(reference));
}

/** Display without float noise: 0.30000000000000004 → 0.3. */
function show(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Which reading of the extracted number matches: as written, or a percent read as a fraction. */
function matchReading(found: Extraction, reference: number, settings: NumericSettings): number | null {
  if (withinTolerance(found.value, reference, settings)) return found.value;
  if (found.percent && withinTolerance(found.value / 100, reference, settings)) return found.value / 100;
  return null;
}

function outcome(passed: boolean, detail: string, failure: EvaluationOutcome['failure']): EvaluationOutcome {
  return {
    evaluation: { evaluator: ID, score: passed ? 1 : 0, passed, checks: [{ name: 'value', passed, score: passed ? 1 : 0, detail }] },
    failure,
  };
}

/** Parses a reference or settings value, or throws one CliError line naming the field. */
function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, field: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = [field, ...issue.path.map(String)].join('.');
  throw new CliError(`${ID} ${where}: ${issue.message}`);
}

/** The synchronous core of `numeric@1`. */
export function scoreNumeric(input: EvaluationInput): EvaluationOutcome {
  const reference = parseOrThrow(NumericReferenceSchema, input.reference, 'reference');
  const settings = parseOrThrow(NumericSettingsSchema, input.settings ?? {}, 'settings');
  if (input.response.trim() === '') {
    return outcome(false, `empty response; reference ${show(reference)}`, {
      stage: 'extract',
      class: 'empty_response',
      message: 'the response is empty',
    });
  }
  const found = extractFinalAnswer(input.response);
  if (!found) {
    return outcome(false, `no number found; reference ${show(reference)}`, {
      stage: 'extract',
      class: 'no_number',
      message: 'no number found in the response',
    });
  }
  const reading = matchReading(found, reference, settings);
  const written = found.percent ? `${show(found.value)}%` : show(found.value);
  if (reading === null) {
    const detail = `extracted ${written} via ${found.via}; reference ${show(reference)}`;
    return outcome(false, detail, { stage: 'semantic', class: 'wrong_value', message: detail });
  }
  // A percent may match as written (45% vs 45) or as a fraction (45% vs 0.45): say which.
  const as = found.percent ? ` (read as ${show(reading)})` : '';
  return outcome(true, `extracted ${written}${as} via ${found.via}; reference ${show(reference)}`, null);
}

export const numericEvaluator: Evaluator = {
  name: NAME,
  version: VERSION,
  successDefinition:
    'the final number in the answer (#### N, \\boxed{N}, "Answer: N", else the last number) equals the reference within rel_tol 1e-6 / abs_tol 1e-9 unless the task sets its own',
  async evaluate(input) {
    return scoreNumeric(input);
  },
};
