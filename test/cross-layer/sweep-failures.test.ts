import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { FailureSurfacesSchema, SweepFailuresSchema, SweepSumsSchema } from '../../schema/surfaces/index.ts';
import { pooledFailures } from '../../ui/logic/sweep-failures.ts';
import { rowsOfSweeps } from '../../ui/logic/sweep-pool.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../exporter/memory-effects.ts';

/**
 * The failures page pools sweep_failures.json with sweep_sums.json's run counts; over every sweep
 * that must be failure_surfaces.json exactly, and over one sweep only that sweep's failed runs.
 * The hand fixture holds two sweeps (hand-sweep-a, hand-sweep-b).
 */
let effects: MemoryEffects;
beforeAll(async () => {
  effects = memoryEffects(readFixtureFolder(`${FIXTURES}hand`, 'ledgers'));
  const { exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
  expect(exitCode).toBe(0);
});

const sig = (value: number) => Number(value.toPrecision(6));
const id = (row: { model: string; experiment: string; arm: string; task_id: string; stage: string; failure_class: string }) =>
  [row.experiment, row.arm, row.task_id, row.model, row.stage, row.failure_class].join('|');

function surfaces() {
  return {
    exported: FailureSurfacesSchema.parse(outputJson(effects, 'failure_surfaces.json')).rows,
    failures: SweepFailuresSchema.parse(outputJson(effects, 'sweep_failures.json')).rows,
    sums: SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows,
  };
}

describe('pooling sweep_failures', () => {
  it('over every sweep gives failure_surfaces: every count, denominator, rate, family, example run and flag', () => {
    const { exported, failures, sums } = surfaces();
    expect(exported.length).toBeGreaterThan(0);
    const pooled = pooledFailures(failures, sums).map((row) => ({ ...row, rate: sig(row.rate) }));
    expect(pooled.sort((a, b) => id(a).localeCompare(id(b)))).toEqual(
      exported.map((row) => ({ ...row, rate: sig(row.rate) })).sort((a, b) => id(a).localeCompare(id(b))),
    );
  });

  it('has failures in both sweeps of the fixture, so the pooling adds across sweeps', () => {
    const { failures } = surfaces();
    expect(new Set(failures.map((row) => row.sweep_id))).toEqual(new Set(['hand-sweep-a', 'hand-sweep-b']));
  });

  it('over one sweep counts that sweep’s failed runs against that sweep’s runs only', () => {
    const { failures, sums } = surfaces();
    for (const sweep of ['hand-sweep-a', 'hand-sweep-b']) {
      const one = pooledFailures(rowsOfSweeps(failures, [sweep]), rowsOfSweeps(sums, [sweep]));
      const failed = failures.filter((row) => row.sweep_id === sweep).reduce((total, row) => total + row.count, 0);
      expect(one.reduce((total, row) => total + row.count, 0)).toBe(failed);
      for (const row of one) {
        const runs = sums.filter(
          (s) => s.sweep_id === sweep && s.model === row.model && s.experiment === row.experiment && s.arm === row.arm && s.task_id === row.task_id,
        );
        expect(row.runs).toBe(runs.reduce((total, s) => total + s.runs, 0));
        expect(row.count).toBeLessThanOrEqual(row.runs);
      }
    }
    expect(pooledFailures(rowsOfSweeps(failures, ['no-such-sweep']), rowsOfSweeps(sums, ['no-such-sweep']))).toEqual([]);
  });
});
