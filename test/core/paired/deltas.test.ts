import { describe, expect, it } from 'vitest';
import { pairedStats, type ComparisonSpec } from '../../../core/paired/paired-stats.ts';
import { tasks } from './make-run.ts';

const SPEC: ComparisonSpec = {
  kind: 'model',
  original: 'qwen3:8b',
  candidate: 'qwen3:4b',
  originalPowerLevel: 'default',
  candidatePowerLevel: 'default',
  experiment: 'suite',
  arm: 'plain',
};
const OUTCOMES = ['PP', 'PF', 'FF', 'PP', 'FP', 'PP'];

describe('efficiency deltas', () => {
  it('are null with a reason when one side recorded no wall time, never [0, 0]', () => {
    const stats = pairedStats(SPEC, tasks('qwen3:8b', OUTCOMES), tasks('qwen3:4b', OUTCOMES, { wall_ms: null }))!;
    expect(stats.wall_ms_delta).toBeNull();
    expect(stats.deltas_not_recorded).toEqual([{ delta: 'wall_ms_delta', reason: 'not recorded: no paired run of the candidate has a wall time' }]);
    // The deltas both sides recorded are still computed.
    expect(stats.energy_delta_j).not.toBeNull();
    expect(stats.output_tokens_delta).not.toBeNull();
  });

  it('name the side that recorded nothing, or both', () => {
    const original = pairedStats(SPEC, tasks('qwen3:8b', OUTCOMES, { wall_ms: null, joules: null }), tasks('qwen3:4b', OUTCOMES, { joules: null }))!;
    expect(original.deltas_not_recorded).toEqual([
      { delta: 'energy_delta_j', reason: 'not recorded: no paired run on either side has a valid energy reading' },
      { delta: 'wall_ms_delta', reason: 'not recorded: no paired run of the original has a wall time' },
    ]);
  });

  it('say when each side recorded some runs but no pair has both', () => {
    const original = tasks('qwen3:8b', OUTCOMES).map((run, i) => ({ ...run, usd: i % 2 === 0 ? 0.01 : null }));
    const candidate = tasks('qwen3:4b', OUTCOMES).map((run, i) => ({ ...run, usd: i % 2 === 1 ? 0.01 : null }));
    const stats = pairedStats(SPEC, original, candidate)!;
    expect(stats.cost_delta_usd).toBeNull();
    expect(stats.deltas_not_recorded).toEqual([{ delta: 'cost_delta_usd', reason: 'not recorded: no pair has a cost on both sides' }]);
  });

  it('count only the pairs where both sides recorded the quantity', () => {
    const original = tasks('qwen3:8b', OUTCOMES, { wall_ms: 1000 });
    const candidate = tasks('qwen3:4b', OUTCOMES, { wall_ms: 700 }).map((run, i) => (i === 0 ? { ...run, wall_ms: null } : run));
    const stats = pairedStats(SPEC, original, candidate)!;
    expect(stats.wall_ms_delta!.mean).toBeCloseTo(-300, 9);
    expect(stats.wall_ms_delta!.ci).toEqual({ low: -300, high: -300 });
    expect(stats.deltas_not_recorded).toEqual([]);
  });
});
