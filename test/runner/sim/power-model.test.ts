import { describe, expect, it } from 'vitest';
import { SIM_GPU, SIM_PROFILES } from '../../../runner/backends/sim/profiles.ts';
import { operatingPoint, resolveSimPowerLimit } from '../../../runner/backends/sim/power-model.ts';

const joulesPerToken = (name: string, watts: number) => {
  const profile = SIM_PROFILES[name]!;
  const point = operatingPoint(profile, watts);
  return point.power_w / (profile.decode_tps * point.speed);
};

describe('simulated power levels', () => {
  it('resolves a percent of the default limit and watts, clamping into the range', () => {
    expect(resolveSimPowerLimit('50')).toMatchObject({ mode: 'percent', requested_w: 150, applied_w: 150, clamped: false, simulated: true });
    expect(resolveSimPowerLimit('144w')).toMatchObject({ mode: 'watts', requested_w: 144, applied_w: 144 });
    expect(resolveSimPowerLimit('10')).toMatchObject({ requested_w: 30, applied_w: SIM_GPU.min_limit_w, clamped: true });
    expect(resolveSimPowerLimit('500W')).toMatchObject({ applied_w: SIM_GPU.max_limit_w, clamped: true });
    expect(resolveSimPowerLimit(null)).toMatchObject({ request: null, mode: null, applied_w: SIM_GPU.default_limit_w });
  });

  it('rejects a malformed level with one clear line', () => {
    expect(() => resolveSimPowerLimit('eighty')).toThrow(/'eighty' is not a power level; use a percent of the default limit \(80\) or watts \(250w\)/);
  });

  it('slows decoding and lowers power as the limit drops', () => {
    for (const profile of Object.values(SIM_PROFILES)) {
      let previous = operatingPoint(profile, 100);
      for (let watts = 125; watts <= 350; watts += 25) {
        const point = operatingPoint(profile, watts);
        expect(point.speed).toBeGreaterThanOrEqual(previous.speed);
        expect(point.power_w).toBeGreaterThanOrEqual(previous.power_w);
        previous = point;
      }
      expect(previous.speed).toBe(1);
    }
  });

  it('has a joules-per-token sweet spot strictly inside the power range for a power-hungry model', () => {
    const levels = [100, 125, 150, 175, 200, 225, 250, 300];
    const curve = levels.map((w) => joulesPerToken('large', w));
    const best = curve.indexOf(Math.min(...curve));
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(levels.length - 1);
    expect(curve[0]).toBeGreaterThan(curve[best]! * 1.1);
  });
});
