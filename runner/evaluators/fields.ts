import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import type { Check, FailureStage } from '../../schema/run-record.ts';
import type { Evaluator, EvaluationInput, EvaluationOutcome } from './evaluator.ts';
import { findJsonObject, getPath, jsonEqual, jsonType, type JsonSearch } from './fields-json.ts';
import { containsTerm, countWords, firstTermFound } from './fields-text.ts';

/**
 * `fields@1`: a list of deterministic checks on a prose or JSON answer — required facts,
 * JSON fields, a word limit, banned terms. Score = passed checks / checks (partial credit);
 * passed = every check passed.
 */
const NAME = 'fields';
const VERSION = 1;
const ID = `${NAME}@${VERSION}`;

const name = z.string().min(1);

const FactCheckSchema = z.object({ kind: z.literal('fact'), name, any_of: z.array(z.string().min(1)).min(1) });
const JsonFieldCheckSchema = z.object({
  kind: z.literal('json_field'),
  name,
  path: z.string().regex(/^[^.]+(\.[^.]+)*$/, 'expected a dotted path like a.b'),
  equals: z.unknown().optional(),
  any_of: z.array(z.string().min(1)).min(1).optional(),
  type: z.enum(['string', 'number', 'boolean', 'array', 'object']).optional(),
});
const MaxWordsCheckSchema = z.object({ kind: z.literal('max_words'), name, limit: z.number().int().positive() });
const BannedCheckSchema = z.object({ kind: z.literal('banned'), name, terms: z.array(z.string().min(1)).min(1) });

export const FieldsCheckSchema = z.discriminatedUnion('kind', [FactCheckSchema, JsonFieldCheckSchema, MaxWordsCheckSchema, BannedCheckSchema]);

/** `{ checks: [...] }`, at least one check, names unique (they key `evaluation.checks`). */
export const FieldsReferenceSchema = z
  .object({ checks: z.array(FieldsCheckSchema).min(1) })
  .refine((ref) => new Set(ref.checks.map((c) => c.name)).size === ref.checks.length, {
    message: 'check names must be unique',
    path: ['checks'],
  });

export type FieldsCheck = z.infer<typeof FieldsCheckSchema>;
export type FieldsReference = z.infer<typeof FieldsReferenceSchema>;

interface CheckResult {
  passed: boolean;
  detail: string;
  /** On failure: the class and stage written into `failure` if this check is the one reported. */
  failure?: { class: string; stage: FailureStage };
}

// parse > semantic > constraint: the reported failure is the first failing check in this order.
const STAGE_RANK: Partial<Record<FailureStage, number>> = { parse: 0, semantic: 1, constraint: 2 };

const quoteList = (items: readonly string[]) => items.map((item) => `'${item}'`).join(', ');

function checkFact(check: z.infer<typeof FactCheckSchema>, text: string): CheckResult {
  const found = firstTermFound(text, check.any_of);
  if (found !== undefined) return { passed: true, detail: `found '${found}'` };
  return {
    passed: false,
    detail: `none of ${quoteList(check.any_of)} found`,
    failure: { class: 'missing_fact', stage: 'semantic' },
  };
}

function checkJsonField(check: z.infer<typeof JsonFieldCheckSchema>, json: JsonSearch): CheckResult {
  if (!json.found) {
    return { passed: false, detail: `no JSON object parsed: ${json.error}`, failure: { class: 'invalid_json', stage: 'parse' } };
  }
  const field = getPath(json.value, check.path);
  if (!field.present) {
    return { passed: false, detail: `no field ${check.path}`, failure: { class: 'missing_field', stage: 'semantic' } };
  }
  // Details land in every ledger record: a whole nested object is clipped to stay readable.
  const full = JSON.stringify(field.value);
  const shown = full.length > 120 ? `${full.slice(0, 120)}…` : full;
  const wrong = (why: string): CheckResult => ({
    passed: false,
    detail: `${check.path} is ${shown}: ${why}`,
    failure: { class: 'wrong_field', stage: 'semantic' },
  });
  if (check.type !== undefined && jsonType(field.value) !== check.type) return wrong(`expected a ${check.type}`);
  if (check.equals !== undefined && !jsonEqual(field.value, check.equals)) {
    return wrong(`expected ${JSON.stringify(check.equals)}`);
  }
  if (check.any_of !== undefined) {
    // A structured field must be the value itself, not a sentence containing it.
    const value = typeof field.value === 'string' || typeof field.value === 'number' ? String(field.value) : null;
    const normal = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (value === null || !check.any_of.some((alias) => normal(alias) === normal(value))) {
      return wrong(`expected one of ${quoteList(check.any_of)}`);
    }
  }
  return { passed: true, detail: `${check.path} = ${shown}` };
}

function checkMaxWords(check: z.infer<typeof MaxWordsCheckSchema>, text: string): CheckResult {
  const words = countWords(text);
  if (words <= check.limit) return { passed: true, detail: `${words} words, limit ${check.limit}` };
  return {
    passed: false,
    detail: `${words} words, limit ${check.limit}`,
    failure: { class: 'too_long', stage: 'constraint' },
  };
}

function checkBanned(check: z.infer<typeof BannedCheckSchema>, text: string): CheckResult {
  const used = check.terms.filter((term) => containsTerm(text, term));
  if (used.length === 0) return { passed: true, detail: `none of ${check.terms.length} banned terms used` };
  return { passed: false, detail: `used banned ${quoteList(used)}`, failure: { class: 'banned_term', stage: 'constraint' } };
}

function runCheck(check: FieldsCheck, text: string, json: () => JsonSearch): CheckResult {
  switch (check.kind) {
    case 'fact':
      return checkFact(check, text);
    case 'json_field':
      return checkJsonField(check, json());
    case 'max_words':
      return checkMaxWords(check, text);
    case 'banned':
      return checkBanned(check, text);
  }
}

function parseReference(value: unknown): FieldsReference {
  const parsed = FieldsReferenceSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new CliError(`${ID} ${['reference', ...issue.path.map(String)].join('.')}: ${issue.message}`);
}

/** The synchronous core of `fields@1`. */
export function scoreFields(input: EvaluationInput): EvaluationOutcome {
  const reference = parseReference(input.reference);
  // Reasoning blocks are working, not the answer: a banned word there is not in the answer.
  const text = input.response.replace(/<think>[\s\S]*?<\/think>/gi, ' ');
  if (text.trim() === '') {
    // No answer at all earns nothing, not the credit of "used no banned term".
    const checks: Check[] = reference.checks.map((c) => ({ name: c.name, passed: false, score: 0, detail: 'empty response' }));
    return {
      evaluation: { evaluator: ID, score: 0, passed: false, checks },
      failure: { stage: 'extract', class: 'empty_response', message: 'the response is empty' },
    };
  }
  let json: JsonSearch | undefined;
  const results = reference.checks.map((check) => runCheck(check, text, () => (json ??= findJsonObject(text))));
  const checks: Check[] = reference.checks.map((check, i) => ({
    name: check.name,
    passed: results[i]!.passed,
    score: results[i]!.passed ? 1 : 0,
    detail: results[i]!.detail,
  }));
  const passedCount = results.filter((r) => r.passed).length;
  const rank = (r: CheckResult) => STAGE_RANK[r.failure!.stage] ?? 3;
  const failing = results
    .map((result, index) => ({ result, index }))
    .filter(({ result }) => result.failure !== undefined)
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)[0];
  return {
    evaluation: {
      evaluator: ID,
      score: passedCount / results.length,
      passed: passedCount === results.length,
      checks,
    },
    failure: failing
      ? {
          stage: failing.result.failure!.stage,
          class: failing.result.failure!.class,
          message: `${reference.checks[failing.index]!.name}: ${failing.result.detail}`,
        }
      : null,
  };
}

export const fieldsEvaluator: Evaluator = {
  name: NAME,
  version: VERSION,
  successDefinition:
    'every check passes: required facts present (any alias, word-bounded), JSON fields present with the expected type/value, within the word limit, no banned term; score = share of checks passed',
  async evaluate(input) {
    return scoreFields(input);
  },
};
