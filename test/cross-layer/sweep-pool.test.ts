import { beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import {
  ModelRankingsSchema,
  ModelTaskSchema,
  ModelTaskTdpSchema,
  ParetoFrontiersSchema,
  SweepSumsSchema,
  SweepsSchema,
  TaskRankingsSchema,
} from '../../schema/surfaces/index.ts';
import { pooledModelTask, pooledParetoPoints, pooledRankings, pooledTaskRankings, rowsOfSweeps } from '../../ui/logic/sweep-pool.ts';
import { applyFilters } from '../../ui/logic/filters.ts';
import { poolBy, powerCurve } from '../../ui/logic/pool.ts';
import { FIXTURES, memoryEffects, outputJson, readFixtureFolder, type MemoryEffects } from '../exporter/memory-effects.ts';

/**
 * The site's sweep filter pools sweep_sums.json; over every sweep that must give exactly the
 * exported model_rankings and pareto_frontiers (the files the all-sweeps page shows), and over
 * one sweep exactly that sweep's runs. The hand fixture holds two sweeps (sweep-a, sweep-b).
 */
let effects: MemoryEffects;
beforeAll(async () => {
  effects = memoryEffects(readFixtureFolder(`${FIXTURES}hand`, 'ledgers'));
  const { exitCode } = await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: true }, effects);
  expect(exitCode).toBe(0);
});

// The serialiser keeps 6 significant digits of a non-integer (exporter/write.ts); sums are integers.
const sig = (value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value);
const key = (row: { model: string; experiment: string; arm: string; power_level: string }) => `${row.model}|${row.experiment}|${row.arm}|${row.power_level}`;

describe('sweeps.json', () => {
  it('lists each sweep with its times, host, GPU, models, suites and run counts', () => {
    const sweeps = SweepsSchema.parse(outputJson(effects, 'sweeps.json')).rows;
    expect(sweeps.map((s) => [s.sweep_id, s.runs, s.hosts, s.gpus])).toEqual([
      ['hand-sweep-a', 8, ['bench-host'], ['NVIDIA RTX 4090']],
      ['hand-sweep-b', 9, ['bench-host'], ['NVIDIA RTX 4090']],
    ]);
    expect(sweeps.reduce((sum, s) => sum + s.runs, 0)).toBe(17);
    for (const sweep of sweeps) expect(sweep.first_recorded_at <= sweep.last_recorded_at).toBe(true);
    // The simulated run flags its sweep, and only that one.
    expect(sweeps.map((s) => s.simulated)).toEqual(sweeps.map((s) => s.simulated_runs > 0));
    expect(sweeps.some((s) => s.simulated)).toBe(true);
  });
});

describe('pooling sweep_sums', () => {
  it('over every sweep gives model_rankings: every sum, metric and rank', () => {
    const exported = ModelRankingsSchema.parse(outputJson(effects, 'model_rankings.json')).rows;
    const sums = SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows;
    const pooled = new Map(pooledRankings(sums).map((row) => [key(row), row]));
    expect([...pooled.keys()].sort()).toEqual(exported.map(key).sort());
    for (const row of exported) {
      const mine = pooled.get(key(row))!;
      for (const [field, value] of Object.entries(row)) {
        // Quantiles cannot pool from sums; the exported limit is a median over runs.
        if (field === 'p50_wall_ms' || field === 'p95_wall_ms' || field === 'applied_w') continue;
        expect(sig(mine[field as keyof typeof mine]), `${key(row)} ${field}`).toEqual(value);
      }
    }
  });

  it('over every sweep gives pareto_frontiers, frontier flags included', () => {
    const exported = ParetoFrontiersSchema.parse(outputJson(effects, 'pareto_frontiers.json')).rows;
    const sums = SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows;
    const pick = (p: (typeof exported)[number]) => [p.plane, key(p), sig(p.x), sig(p.run_pass_rate), p.on_frontier, p.on_suite_frontier].join(' ');
    expect(pooledParetoPoints(sums).map(pick).sort()).toEqual(exported.map(pick).sort());
  });

  it('over every sweep gives task_rankings: sums, metrics, model spread and difficulty rank', () => {
    const exported = TaskRankingsSchema.parse(outputJson(effects, 'task_rankings.json')).rows;
    const sums = SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows;
    const id = (row: { experiment: string; arm: string; task_id: string }) => `${row.experiment}|${row.arm}|${row.task_id}`;
    const pooled = new Map(pooledTaskRankings(sums).map((row) => [id(row), row]));
    expect([...pooled.keys()].sort()).toEqual(exported.map(id).sort());
    for (const row of exported) {
      const mine = pooled.get(id(row))!;
      for (const [field, value] of Object.entries(row)) {
        if (field === 'p50_wall_ms' || field === 'p95_wall_ms') continue;
        expect(sig(mine[field as keyof typeof mine]), `${id(row)} ${field}`).toEqual(value);
      }
    }
  });

  it('over every sweep gives model_task: every sum, metric, GPU and key', () => {
    const exported = ModelTaskSchema.parse(outputJson(effects, 'model_task.json')).rows;
    const sums = SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows;
    const id = (row: { model: string; experiment: string; arm: string; power_level: string; task_id: string }) => `${key(row)}|${row.task_id}`;
    const pooled = new Map(pooledModelTask(sums).map((row) => [id(row), row]));
    expect([...pooled.keys()].sort()).toEqual(exported.map(id).sort());
    for (const row of exported) {
      const mine = pooled.get(id(row))!;
      for (const [field, value] of Object.entries(row)) {
        if (field === 'p50_wall_ms' || field === 'p95_wall_ms' || field === 'applied_w') continue;
        expect(sig(mine[field as keyof typeof mine]), `${id(row)} ${field}`).toEqual(value);
      }
    }
  });

  it('over every sweep pools per model × task (heatmap) and per model × watts (power) as the exported rows do', () => {
    const sums = SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows;
    const modelTask = ModelTaskSchema.parse(outputJson(effects, 'model_task.json')).rows;
    const tdp = ModelTaskTdpSchema.parse(outputJson(effects, 'model_task_tdp.json')).rows;
    expect(poolBy(sums, ['model', 'experiment', 'task_id'])).toEqual(poolBy(modelTask, ['model', 'experiment', 'task_id']));
    expect(powerCurve(sums)).toEqual(powerCurve(tdp));
  });

  it('over one sweep counts that sweep’s runs only, and the shared filter picks the same rows', () => {
    const sums = SweepSumsSchema.parse(outputJson(effects, 'sweep_sums.json')).rows;
    const one = rowsOfSweeps(sums, ['hand-sweep-a']);
    expect(applyFilters(sums, { sweeps: ['hand-sweep-a'], hideSimulated: false })).toEqual(one);
    expect(pooledRankings(one).reduce((total, row) => total + row.runs, 0)).toBe(8);
    expect(rowsOfSweeps(sums, ['no-such-sweep'])).toEqual([]);
  });
});
