import { describe, expect, it } from 'vitest';
import { EvaluationSchema, FailureSchema } from '../../../schema/run-record.ts';
import { CliError } from '../../../lib/cli-error.ts';
import { FieldsReferenceSchema, fieldsEvaluator, scoreFields } from '../../../runner/evaluators/fields.ts';

const score = (response: string, checks: unknown[]) => {
  const outcome = scoreFields({ response, reference: { checks } });
  // Every outcome must be a valid ledger evaluation and failure.
  expect(EvaluationSchema.parse(outcome.evaluation)).toEqual(outcome.evaluation);
  expect(FailureSchema.parse(outcome.failure)).toEqual(outcome.failure);
  return outcome;
};

const gold = { kind: 'fact', name: 'gold', any_of: ['Au'] };
const mercury = { kind: 'fact', name: 'planet', any_of: ['Mercury'] };

describe('fields@1 fact checks', () => {
  it('passes when every fact is present, case-insensitively', () => {
    const { evaluation, failure } = score('The symbol is AU and the planet is mercury.', [gold, mercury]);
    expect(evaluation).toMatchObject({ evaluator: 'fields@1', score: 1, passed: true });
    expect(evaluation.checks).toEqual([
      { name: 'gold', passed: true, score: 1, detail: "found 'Au'" },
      { name: 'planet', passed: true, score: 1, detail: "found 'Mercury'" },
    ]);
    expect(failure).toBeNull();
  });

  it('accepts any alias and reports which one matched', () => {
    const fact = { kind: 'fact', name: 'h2o', any_of: ['H2O', 'H₂O', 'dihydrogen monoxide'] };
    expect(score('It is dihydrogen   monoxide.', [fact]).evaluation.checks![0]!.detail).toBe("found 'dihydrogen monoxide'");
    expect(score('Water: H₂O', [fact]).evaluation.passed).toBe(true);
  });

  it('matches whole words only', () => {
    expect(score('Austria is in Europe', [gold]).evaluation.passed).toBe(false);
    expect(score('(Au)', [gold]).evaluation.passed).toBe(true);
    const cat = { kind: 'fact', name: 'cat', any_of: ['cat'] };
    expect(score('concatenate', [cat]).evaluation.passed).toBe(false);
    expect(score('A cat.', [cat]).evaluation.passed).toBe(true);
  });

  it('treats typographic apostrophes as plain ones', () => {
    const fact = { kind: 'fact', name: 'law', any_of: ["Newton's second law"] };
    expect(score('By Newton\u2019s second law, F = ma.', [fact]).evaluation.passed).toBe(true);
  });

  it('gives partial credit and reports the missing fact', () => {
    const { evaluation, failure } = score('The symbol for gold is Au.', [gold, mercury]);
    expect(evaluation.score).toBe(0.5);
    expect(evaluation.passed).toBe(false);
    expect(failure).toEqual({ stage: 'semantic', class: 'missing_fact', message: "planet: none of 'Mercury' found" });
  });
});

describe('fields@1 json_field checks', () => {
  const checks = [
    { kind: 'json_field', name: 'city', path: 'capital.city', any_of: ['Paris'] },
    { kind: 'json_field', name: 'population', path: 'capital.population', type: 'number' },
    { kind: 'json_field', name: 'eu', path: 'eu_member', equals: true },
    { kind: 'json_field', name: 'first-neighbour', path: 'neighbours.0', equals: 'Spain' },
  ];
  const good = '{"capital": {"city": " paris ", "population": 2100000}, "eu_member": true, "neighbours": ["Spain", "Italy"]}';

  it('reads a fenced ```json block', () => {
    const { evaluation } = score(`Here you go:\n\`\`\`json\n${good}\n\`\`\`\nDone.`, checks);
    expect(evaluation.score).toBe(1);
    expect(evaluation.checks!.map((c) => c.detail)).toEqual([
      'capital.city = " paris "',
      'capital.population = 2100000',
      'eu_member = true',
      'neighbours.0 = "Spain"',
    ]);
  });

  it('reads a bare object inside prose, skipping braces in strings and earlier non-JSON braces', () => {
    const text = `Using {placeholders} first. Result: {"capital": {"city": "Paris }", "population": 2}, "eu_member": true, "neighbours": ["Spain"]} end`;
    const { evaluation } = score(text, checks);
    // "Paris }" is not "Paris": the brace inside the string must not end the object early.
    expect(evaluation.checks!.map((c) => c.passed)).toEqual([false, true, true, true]);
  });

  it('reports a missing field, a wrong type and a wrong value', () => {
    const { evaluation, failure } = score('{"capital": {"city": "Lyon", "population": "2m"}, "eu_member": false}', checks);
    expect(evaluation.score).toBe(0);
    expect(evaluation.checks!.map((c) => c.detail)).toEqual([
      `capital.city is "Lyon": expected one of 'Paris'`,
      'capital.population is "2m": expected a number',
      'eu_member is false: expected true',
      'no field neighbours.0',
    ]);
    expect(failure).toMatchObject({ stage: 'semantic', class: 'wrong_field' });
    expect(score('{"a": 1}', [checks[3]!]).failure?.class).toBe('missing_field');
  });

  it('fails every JSON check as invalid_json [parse] when no JSON parses', () => {
    const { evaluation, failure } = score('```json\n{"capital": {"city": "Paris",}}\n```', [mercury, ...checks]);
    expect(evaluation.checks!.slice(1).every((c) => !c.passed && c.detail!.startsWith('no JSON object parsed'))).toBe(true);
    // parse outranks the missing fact that comes first in the list.
    expect(failure).toMatchObject({ stage: 'parse', class: 'invalid_json' });
  });

  it('does not take an object nested in a broken one', () => {
    const { failure } = score('{"capital": {"city": "Paris"}, "eu_member": tru}', [checks[0]!]);
    expect(failure).toMatchObject({ stage: 'parse', class: 'invalid_json' });
  });

  it('reads an object that follows a cut-short one only when the first closes', () => {
    expect(score('{"x": 1,} then {"capital": {"city": "Paris"}}', [checks[0]!]).evaluation.passed).toBe(true);
  });

  it('says when an object never closes', () => {
    const { evaluation } = score('{"capital": {"city": "Paris"}', [checks[0]!]);
    expect(evaluation.checks![0]!.detail).toMatch(/never closes/);
  });

  it('compares numbers within float noise and objects deeply', () => {
    const sum = { kind: 'json_field', name: 'sum', path: 'sum', equals: 0.3 };
    const obj = { kind: 'json_field', name: 'pt', path: 'pt', equals: { x: 1, y: [2, 3] } };
    expect(score('{"sum": 0.30000000000000004, "pt": {"y": [2, 3], "x": 1}}', [sum, obj]).evaluation.score).toBe(1);
    expect(score('{"sum": 0.31, "pt": {"y": [3, 2], "x": 1}}', [sum, obj]).evaluation.score).toBe(0);
  });

  it('checks array, object and boolean types', () => {
    const types = [
      { kind: 'json_field', name: 'list', path: 'list', type: 'array' },
      { kind: 'json_field', name: 'obj', path: 'obj', type: 'object' },
      { kind: 'json_field', name: 'flag', path: 'flag', type: 'boolean' },
    ];
    expect(score('{"list": [], "obj": {}, "flag": false}', types).evaluation.score).toBe(1);
    expect(score('{"list": {}, "obj": [], "flag": "false"}', types).evaluation.score).toBe(0);
  });
});

describe('fields@1 constraint checks', () => {
  const limit = { kind: 'max_words', name: 'short', limit: 5 };
  const banned = { kind: 'banned', name: 'no-jargon', terms: ['gravity', 'mass'] };

  it('counts words, ignoring lone punctuation', () => {
    expect(score('One two three four five.', [limit]).evaluation.passed).toBe(true);
    expect(score('One two — three four five', [limit]).evaluation.passed).toBe(true);
    const { evaluation, failure } = score('One two three four five six', [limit]);
    expect(evaluation.checks![0]!.detail).toBe('6 words, limit 5');
    expect(failure).toEqual({ stage: 'constraint', class: 'too_long', message: 'short: 6 words, limit 5' });
  });

  it('catches banned terms as words, case-insensitively, and lists them', () => {
    expect(score('Things fall because Earth pulls them.', [banned]).evaluation.passed).toBe(true);
    expect(score('Massive objects attract.', [banned]).evaluation.passed).toBe(true);
    const { evaluation, failure } = score('GRAVITY acts on mass.', [banned]);
    expect(evaluation.checks![0]!.detail).toBe("used banned 'gravity', 'mass'");
    expect(failure?.class).toBe('banned_term');
  });

  it('reports semantic before constraint failures, whatever the order', () => {
    const { failure, evaluation } = score('Gravity pulls on one two three four five six', [banned, limit, mercury]);
    expect(evaluation.score).toBe(0);
    expect(failure?.class).toBe('missing_fact');
    expect(score('Gravity one two three four five six', [limit, banned]).failure?.class).toBe('too_long');
  });

  it('ignores <think> blocks', () => {
    expect(score('<think>gravity, gravity</think>Earth pulls things down.', [banned]).evaluation.passed).toBe(true);
  });
});

describe('fields@1 edge cases', () => {
  it('gives an empty response nothing, not the credit of a constraint', () => {
    const { evaluation, failure } = score('  ', [mercury, { kind: 'banned', name: 'b', terms: ['x'] }]);
    expect(evaluation.score).toBe(0);
    expect(evaluation.checks!.every((c) => !c.passed)).toBe(true);
    expect(failure).toMatchObject({ stage: 'extract', class: 'empty_response' });
  });

  it('refuses a malformed reference with one CliError line naming the field', () => {
    expect(() => scoreFields({ response: 'x', reference: { checks: [] } })).toThrow(CliError);
    expect(() => scoreFields({ response: 'x', reference: { checks: [{ kind: 'fact', name: 'a' }] } })).toThrow(/^fields@1 reference\.checks\.0\.any_of: /);
    expect(() => scoreFields({ response: 'x', reference: { checks: [gold, gold] } })).toThrow(/unique/);
  });

  it('validates references with the exported schema', () => {
    expect(FieldsReferenceSchema.safeParse({ checks: [gold, { kind: 'max_words', name: 'w', limit: 10 }] }).success).toBe(true);
    expect(FieldsReferenceSchema.safeParse({ checks: [{ kind: 'json_field', name: 'p', path: 'a..b' }] }).success).toBe(false);
    expect(FieldsReferenceSchema.safeParse({ checks: [{ kind: 'max_words', name: 'w', limit: 0 }] }).success).toBe(false);
  });

  it('is exposed through the async Evaluator interface', async () => {
    const outcome = await fieldsEvaluator.evaluate({ response: 'Mercury', reference: { checks: [mercury] } });
    expect(outcome.evaluation.passed).toBe(true);
  });
});
