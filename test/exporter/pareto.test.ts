import { describe, expect, it } from 'vitest';
import { shapeParetoFrontiers } from '../../exporter/surfaces/pareto_frontiers.ts';
import { frontierFlags } from '../../core/pareto.ts';

type Group = Parameters<typeof shapeParetoFrontiers>[0][number];

/** A model_rankings group with only the fields the Pareto shaping reads. */
function group(model: string, arm: string, power_level: string, rate: number, joules: number): Group {
  return {
    model,
    backend: 'sim',
    experiment: 'gsm8k',
    arm,
    power_level,
    applied_w: null,
    run_pass_rate: rate,
    run_pass_rate_ci_low: 0,
    run_pass_rate_ci_high: 1,
    mean_joules_per_run: joules,
    mean_output_tokens: 100,
    runs: 10,
    not_answered: 0,
    passed: Math.round(rate * 10),
    energy_valid_runs: 10,
    energy_uj_sum: joules * 1e7,
    output_tokens_runs: 10,
    output_tokens_sum: 1000,
    simulated: true,
  } as unknown as Group;
}

describe('pareto_frontiers: the frontier over every configuration of a suite', () => {
  const groups = [
    group('a', 'plain', '100', 0.8, 50),
    group('b', 'plain', '100', 0.6, 60),
    group('a', 'contract', '100', 0.9, 80),
    group('a', 'plain', '50', 0.8, 30),
  ];
  const energy = shapeParetoFrontiers(groups).filter((p) => p.plane === 'energy');
  const id = (p: (typeof energy)[number]) => `${p.model}/${p.arm}/${p.power_level}`;

  it('keeps every configuration as a point, dominated ones included', () => {
    expect(energy.map(id).sort()).toEqual(['a/contract/100', 'a/plain/100', 'a/plain/50', 'b/plain/100']);
  });

  it('marks the suite frontier across arms and power levels, with the rule of core/pareto.ts', () => {
    const onSuite = energy.filter((p) => p.on_suite_frontier).map(id);
    // a at 50% costs less than a at 100% for the same rate; the contract arm buys the top rate.
    expect(onSuite.sort()).toEqual(['a/contract/100', 'a/plain/50']);
    expect(energy.map((p) => p.on_suite_frontier)).toEqual(frontierFlags(energy.map((p) => ({ x: p.x, y: p.run_pass_rate }))));
  });

  it('keeps on_frontier within one arm and power level', () => {
    const within = energy.filter((p) => p.on_frontier).map(id);
    expect(within.sort()).toEqual(['a/contract/100', 'a/plain/100', 'a/plain/50']);
  });
});
