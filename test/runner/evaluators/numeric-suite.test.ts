import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentManifestSchema, TaskSchema } from '../../../schema/experiment.ts';
import { NumericReferenceSchema, scoreNumeric } from '../../../runner/evaluators/numeric.ts';

const dir = path.resolve(import.meta.dirname, '../../../experiments/math_measurement_v1');
const manifest = ExperimentManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
const tasks = readFileSync(path.join(dir, manifest.tasks_file), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => TaskSchema.parse(JSON.parse(line)));

// Every reference re-derived by hand from its prompt's numbers: a wrong reference is a serious bug.
const DERIVED: Record<string, number> = {
  math_001: 7.5 * 1000,
  math_002: (24 * 750) / 1000,
  math_003: 1 * 3600 + 23 * 60 + 30,
  math_004: 420 * 350,
  math_005: 2.5 * 1000,
  math_006: ((98.6 - 32) * 5) / 9,
  math_007: 2000 + 350 - 1475,
  math_008: 80 - 80 * 0.25,
  math_009: ((13750 - 12500) / 12500) * 100,
  math_010: (42 / 60) * 100,
  math_011: 200 * 1.1 * 0.9,
  math_012: 2340 * 0.15,
  math_013: 36 / (1 - 0.2),
  math_014: 10 - (3 * 2.45 + 1.3),
  math_015: 1250 * 12,
  math_016: 64 + 64 * 0.18,
  math_017: 250 * 1.08,
  math_018: (1000 * 5) / (2 + 3 + 5),
  math_019: 5000 * 0.04 * 3,
  math_020: 15 + 0.05 * 340,
  math_021: 48500 * 365,
  math_022: 384400 * 2,
  math_023: 2.4e9 / 8,
  math_024: 1_000_000 / 2.5,
  math_025: 1234567 + 8765433,
  math_026: 62500 * 18,
  math_027: 3.2e6 * 9000,
  math_028: -12 + 17,
  math_029: 4 - 11,
  math_030: -250 + 80 - 145,
  math_031: 120 - 75 - 90,
  math_032: -2.5 + 1.75 - 0.5 + 3,
  math_033: 1214 - -86,
  math_034: (-4 - 9 + 7 - 2) / 4,
  math_035: 1 - 3 / 8 - 1 / 4,
  math_036: (3 / 4) * (2 / 5),
  math_037: 3.6 * (1 - 5 / 12),
  math_038: 1 / 2 + 1 / 4 + 1 / 8 + 1 / 16,
  math_039: (2.5 / 10) * 6,
  math_040: 14 / 40,
  math_041: 5 / 6 - 1 / 3,
  math_042: 225 / 2.5,
  math_043: 459 / 18,
  math_044: 180 / (12 - 4.5),
  math_045: 390 / (70 + 60),
  math_046: 9 / (2 * (3 / 4)),
  math_047: 18 * (40 / 60),
  math_048: 72 * 60 * 2.5,
};

const FAMILIES = ['units', 'percent', 'money', 'large_numbers', 'negative', 'fractions', 'rates'];

describe('math_measurement_v1 suite', () => {
  it('has a manifest for numeric@1 with the agreed defaults', () => {
    expect(manifest).toMatchObject({ id: 'math_measurement_v1', evaluator: 'numeric@1', source: 'original' });
    expect(manifest.defaults).toEqual({ max_tokens: 512, temperature: 0 });
  });

  it('has at least 40 tasks with unique, well-formed ids', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(40);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    for (const task of tasks) expect(task.id).toMatch(/^math_\d{3}$/);
  });

  it('covers every family', () => {
    const families = new Set(tasks.map((t) => t.family));
    expect([...families].sort()).toEqual([...FAMILIES].sort());
    for (const family of FAMILIES) expect(tasks.filter((t) => t.family === family).length).toBeGreaterThanOrEqual(5);
  });

  it('asks for the answer on a last line `Answer: <number>`', () => {
    for (const task of tasks) expect(task.prompt).toContain('Answer: <number>');
  });

  it.each(tasks.map((t) => [t.id, t] as const))('%s: reference is a number equal to its re-derivation', (id, task) => {
    const reference = NumericReferenceSchema.parse(task.reference);
    expect(DERIVED[id]).toBeDefined();
    expect(reference).toBeCloseTo(DERIVED[id]!, 9);
  });

  it('scores a correct formatted answer as passed and an off-by-one as failed for every task', () => {
    for (const task of tasks) {
      const reference = NumericReferenceSchema.parse(task.reference);
      const settings = task.settings;
      expect(scoreNumeric({ response: `Working: 1 + 1 = 2\nAnswer: ${reference}`, reference, settings }).evaluation.passed).toBe(true);
      expect(scoreNumeric({ response: `Answer: ${reference + 1}`, reference, settings }).evaluation.passed).toBe(false);
    }
  });
});
