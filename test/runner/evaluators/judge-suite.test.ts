import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentManifestSchema, TaskSchema } from '../../../schema/experiment.ts';
import { scoreFields } from '../../../runner/evaluators/fields.ts';
import { JudgeReferenceSchema } from '../../../runner/evaluators/judge.ts';

const dir = path.resolve(import.meta.dirname, '../../../experiments/support_replies_v1');
const manifest = ExperimentManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
const tasks = readFileSync(path.join(dir, manifest.tasks_file), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => TaskSchema.parse(JSON.parse(line)));

describe('support_replies_v1 suite', () => {
  it('is judged, original, and has at least 30 tasks with unique ids', () => {
    expect(manifest).toMatchObject({ id: 'support_replies_v1', evaluator: 'judge@1', source: 'original' });
    expect(tasks.length).toBeGreaterThanOrEqual(30);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
  });

  it.each(tasks.map((t) => [t.id, t] as const))('%s: the reference reply passes its own hard checks, and dropping a fact fails them', (_id, task) => {
    const reference = JudgeReferenceSchema.parse(task.reference);
    expect(reference.checks.some((c) => c.kind === 'fact')).toBe(true);
    expect(reference.checks.some((c) => c.kind === 'banned')).toBe(true);
    expect(task.prompt).toContain(reference.message);
    const exact = scoreFields({ response: reference.reference_reply, reference: { checks: reference.checks } });
    expect(exact.failure, JSON.stringify(exact.evaluation.checks)).toBeNull();
    // Every fact the reply must state is given to the agent in the prompt.
    for (const check of reference.checks) if (check.kind === 'fact') expect(check.any_of.some((alias) => task.prompt.includes(alias))).toBe(true);
    const fact = reference.checks.find((c) => c.kind === 'fact')!;
    const without = reference.reference_reply
      .split(/(?<=[.!?])\s+/)
      .filter((sentence) => fact.kind === 'fact' && !fact.any_of.some((alias) => sentence.toLowerCase().includes(alias.toLowerCase())))
      .join(' ');
    expect(scoreFields({ response: without, reference: { checks: reference.checks } }).evaluation.passed).toBe(false);
  });
});
