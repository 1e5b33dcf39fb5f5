import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentManifestSchema, TaskSchema } from '../../../schema/experiment.ts';
import { FieldsReferenceSchema, scoreFields, type FieldsCheck } from '../../../runner/evaluators/fields.ts';

const dir = path.resolve(import.meta.dirname, '../../../experiments/fact_prose_v1');
const manifest = ExperimentManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
const tasks = readFileSync(path.join(dir, manifest.tasks_file), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => TaskSchema.parse(JSON.parse(line)));

const FAMILIES = ['facts', 'json', 'word_limit', 'banned'];

/** A model-like ideal answer built from the checks: the facts' first aliases and the JSON fields' values. */
function idealAnswer(checks: FieldsCheck[]): string {
  const json: Record<string, unknown> = {};
  const facts: string[] = [];
  for (const check of checks) {
    if (check.kind === 'fact') facts.push(check.any_of[0]!);
    if (check.kind === 'json_field') {
      const keys = check.path.split('.');
      let node = json;
      for (const key of keys.slice(0, -1)) {
        node[key] ??= {};
        node = node[key] as Record<string, unknown>;
      }
      node[keys.at(-1)!] = check.equals !== undefined ? check.equals : check.any_of![0];
    }
  }
  const prose = facts.length > 0 ? `It is ${facts.join(' and ')}.` : 'Something you see every day.';
  return Object.keys(json).length > 0 ? JSON.stringify(json) : prose;
}

describe('fact_prose_v1 suite', () => {
  it('has a manifest for fields@1', () => {
    expect(manifest).toMatchObject({ id: 'fact_prose_v1', evaluator: 'fields@1', source: 'original' });
  });

  it('has at least 40 tasks with unique, well-formed ids and a success definition', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(40);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.id).toMatch(/^fact_\d{3}$/);
      expect(task.success).toBeTruthy();
    }
  });

  it('covers every family with its characteristic check', () => {
    expect([...new Set(tasks.map((t) => t.family))].sort()).toEqual([...FAMILIES].sort());
    const kindFor: Record<string, FieldsCheck['kind']> = { facts: 'fact', json: 'json_field', word_limit: 'max_words', banned: 'banned' };
    for (const task of tasks) {
      const { checks } = FieldsReferenceSchema.parse(task.reference);
      expect(checks.some((c) => c.kind === kindFor[task.family])).toBe(true);
    }
    for (const family of FAMILIES) expect(tasks.filter((t) => t.family === family).length).toBeGreaterThanOrEqual(10);
  });

  it.each(tasks.map((t) => [t.id, t] as const))('%s: reference validates and an ideal answer passes every check', (_id, task) => {
    const reference = FieldsReferenceSchema.parse(task.reference);
    const outcome = scoreFields({ response: idealAnswer(reference.checks), reference });
    expect(outcome.evaluation.checks!.filter((c) => !c.passed)).toEqual([]);
    expect(outcome.evaluation.score).toBe(1);
  });

  it('word-limit and banned prompts state their limit and words', () => {
    for (const task of tasks) {
      const { checks } = FieldsReferenceSchema.parse(task.reference);
      for (const check of checks) {
        if (check.kind === 'max_words') expect(task.prompt).toContain(`at most ${check.limit} words`);
        if (check.kind === 'banned') expect(task.prompt).toContain(`'${check.terms[0]}'`);
      }
    }
  });
});
