import { describe, expect, it } from 'vitest';
import { averagePowerW, combineEnergy, windowEnergy, type EnergyOptions, type GpuWindowEnergy } from '../../../runner/gpu/energy.ts';
import type { Sample } from '../../../runner/gpu/sample.ts';

const OPTIONS: EnergyOptions = { intervalMs: 100, counterPeriodMs: 100, powerPeriodMs: 1000 };

/** Samples at the given times (ms) with power from `power(t)` and, optionally, a counter `mj(t)`. */
function trace(times: number[], power: (t: number) => number | null, mj?: (t: number) => number | null): Sample[] {
  return times.map((t) => ({ gpu: 0, atMs: t, smiTime: '', powerW: power(t), energyMj: mj ? mj(t) : null }));
}

function every(stepMs: number, fromMs: number, toMs: number): number[] {
  const times: number[] = [];
  for (let t = fromMs; t <= toMs; t += stepMs) times.push(t);
  return times;
}

describe('windowEnergy: power integration (no counter)', () => {
  it('integrates a constant draw', () => {
    // 100 W for 2.5 s = 250 J; the window bounds fall between samples.
    const energy = windowEnergy(
      trace(every(100, 0, 3000), () => 100),
      250,
      2750,
      OPTIONS,
    );
    expect(energy.method).toBe('power-integration');
    expect(energy.joules).toBeCloseTo(250, 9);
    expect(energy.valid).toBe(true);
    expect(energy.reason).toBeNull();
    expect(energy.peakPowerW).toBe(100);
    expect(energy.samples).toBe(25);
  });

  it('integrates a ramp exactly (trapezoids are exact on straight lines)', () => {
    // P = 0.1 W per ms of t; ∫ from 0.5 s to 2.5 s = 0.1/1000 × (2500² − 500²) / 2 = 300 J.
    const energy = windowEnergy(
      trace(every(100, 0, 3000), (t) => 0.1 * t),
      500,
      2500,
      OPTIONS,
    );
    expect(energy.joules).toBeCloseTo(300, 9);
    expect(energy.peakPowerW).toBeCloseTo(250, 9);
    expect(energy.valid).toBe(true);
  });

  it('integrates irregularly spaced samples', () => {
    // 0–300 ms at 10→40 W: 7.5 J; 300–400 at 40→20: 3 J; 400–1000 at 20: 12 J; 1000–2600 at 20→50: 56 J.
    const power = new Map([
      [0, 10],
      [300, 40],
      [400, 20],
      [1000, 20],
      [2600, 50],
    ]);
    const samples = trace([...power.keys()], (t) => power.get(t) ?? null);
    const energy = windowEnergy(samples, 0, 2600, { ...OPTIONS, intervalMs: 1000 });
    expect(energy.joules).toBeCloseTo(78.5, 9);
    expect(energy.valid).toBe(true);
    expect(energy.peakPowerW).toBe(50);
  });

  it('marks a gap longer than 3× the interval invalid, keeping the joules', () => {
    const times = [...every(100, 0, 1000), ...every(100, 2000, 3500)];
    const energy = windowEnergy(
      trace(times, () => 60),
      0,
      3000,
      OPTIONS,
    );
    expect(energy.valid).toBe(false);
    expect(energy.reason).toMatch(/gap of 1000 ms/);
    expect(energy.joules).toBeCloseTo(180, 9);
  });

  it('refuses [N/A] power readings', () => {
    const energy = windowEnergy(
      trace(every(100, 0, 3000), (t) => (t === 1500 ? null : 80)),
      0,
      3000,
      OPTIONS,
    );
    expect(energy.valid).toBe(false);
    expect(energy.joules).toBeNull();
    expect(energy.reason).toMatch(/\[N\/A\]/);
  });

  it('marks windows shorter than twice the 1 s power averaging invalid', () => {
    const energy = windowEnergy(
      trace(every(100, 0, 3000), () => 100),
      100,
      1600,
      OPTIONS,
    );
    expect(energy.joules).toBeCloseTo(150, 9);
    expect(energy.valid).toBe(false);
    expect(energy.reason).toMatch(/1500 ms is shorter than twice 1000 ms/);
  });
});

describe('windowEnergy: NVML energy counter', () => {
  it('takes the counter delta when the bounds sit on samples', () => {
    // A 50 W draw: the counter climbs 50 mJ per ms.
    const samples = trace(
      every(100, 0, 1000),
      () => 50,
      (t) => 1_000_000 + 50 * t,
    );
    const energy = windowEnergy(samples, 100, 600, OPTIONS);
    expect(energy.method).toBe('nvml-counter');
    expect(energy.joules).toBeCloseTo(25, 9);
    expect(energy.valid).toBe(true);
  });

  it('interpolates the counter at bounds between samples', () => {
    // Counter 0, 1000, 5000, 6000 mJ at 0, 100, 200, 300 ms: at 50 ms 500 mJ, at 250 ms 5500 mJ.
    const counter = new Map([
      [0, 0],
      [100, 1000],
      [200, 5000],
      [300, 6000],
    ]);
    const samples = trace(
      [...counter.keys()],
      () => 30,
      (t) => counter.get(t) ?? null,
    );
    const energy = windowEnergy(samples, 50, 250, OPTIONS);
    expect(energy.joules).toBeCloseTo(5, 9);
    expect(energy.samples).toBe(2);
    expect(energy.valid).toBe(true);
  });

  it('bridges a counter reset (driver reload) with power.draw for that one step', () => {
    // 10 J per 100 ms step; the step from 200 to 300 ms restarts the counter and is 100 W × 0.1 s.
    const counter = new Map([
      [0, 10_000],
      [100, 20_000],
      [200, 30_000],
      [300, 500],
      [400, 10_500],
    ]);
    const samples = trace(
      [...counter.keys()],
      () => 100,
      (t) => counter.get(t) ?? null,
    );
    const energy = windowEnergy(samples, 0, 400, OPTIONS);
    expect(energy.joules).toBeCloseTo(40, 9);
    expect(energy.valid).toBe(true);
    expect(energy.reason).toMatch(/counter reset 1× in the window/);
  });

  it('marks a reset without power readings invalid', () => {
    const counter = new Map([
      [0, 10_000],
      [100, 20_000],
      [200, 5],
      [300, 10_005],
    ]);
    const samples = trace(
      [...counter.keys()],
      () => null,
      (t) => counter.get(t) ?? null,
    );
    const energy = windowEnergy(samples, 0, 300, OPTIONS);
    expect(energy.valid).toBe(false);
    expect(energy.joules).toBeNull();
    expect(energy.reason).toMatch(/went backwards/);
  });

  it('falls back to power integration when the counter prints [N/A]', () => {
    const samples = trace(
      every(100, 0, 3000),
      () => 100,
      () => null,
    );
    const energy = windowEnergy(samples, 0, 2500, OPTIONS);
    expect(energy.method).toBe('power-integration');
    expect(energy.joules).toBeCloseTo(250, 9);
  });

  it('marks too few samples inside the window invalid', () => {
    const samples = trace(
      [0, 1000, 2000],
      () => 20,
      (t) => 20 * t,
    );
    const energy = windowEnergy(samples, 100, 900, { ...OPTIONS, intervalMs: 1000 });
    expect(energy.joules).toBeCloseTo(16, 9);
    expect(energy.valid).toBe(false);
    expect(energy.reason).toMatch(/too few samples: 0 inside the window/);
  });

  it('marks a window shorter than twice the counter period invalid', () => {
    const samples = trace(
      every(50, 0, 500),
      () => 40,
      (t) => 40 * t,
    );
    const energy = windowEnergy(samples, 0, 150, OPTIONS);
    expect(energy.joules).toBeCloseTo(6, 9);
    expect(energy.valid).toBe(false);
    expect(energy.reason).toMatch(/150 ms is shorter than twice 100 ms/);
  });

  it('needs a sample at or before the start and at or after the end', () => {
    const samples = trace(
      every(100, 500, 1000),
      () => 40,
      (t) => 40 * t,
    );
    expect(windowEnergy(samples, 400, 900, OPTIONS)).toMatchObject({ joules: null, valid: false, reason: 'no sample at or before the window start' });
    expect(windowEnergy(samples, 600, 1100, OPTIONS)).toMatchObject({ joules: null, valid: false, reason: 'no sample at or after the window end' });
    expect(windowEnergy([], 0, 100, OPTIONS).reason).toBe('no samples from nvidia-smi');
    expect(windowEnergy(samples, 700, 700, OPTIONS).valid).toBe(false);
  });
});

describe('averagePowerW', () => {
  it('is the energy over the window divided by its length', () => {
    const samples = trace(
      every(100, 0, 2000),
      () => 80,
      (t) => 5_000 + 80 * t,
    );
    expect(averagePowerW(samples, 200, 1200, OPTIONS)).toBeCloseTo(80, 9);
  });

  it('is null when the window is not valid', () => {
    const samples = trace(
      every(100, 0, 2000),
      () => 80,
      (t) => 80 * t,
    );
    expect(averagePowerW(samples, 200, 250, OPTIONS)).toBeNull();
  });
});

describe('combineEnergy', () => {
  const gpu = (index: number, joules: number | null, extra: Partial<GpuWindowEnergy> = {}): GpuWindowEnergy => ({
    index,
    method: 'nvml-counter',
    joules,
    peakPowerW: 150,
    samples: 20,
    valid: true,
    reason: null,
    ...extra,
  });

  it('reports gross, net (above idle), average and peak power for one GPU', () => {
    const energy = combineEnergy([gpu(0, 300)], { windowMs: 2000, idleW: 50, fullyOnGpu: true });
    expect(energy).toMatchObject({
      method: 'nvml-counter',
      joules: 300,
      net_joules: 200,
      idle_w: 50,
      avg_power_w: 150,
      peak_power_w: 150,
      samples: 20,
      valid: true,
      reason: null,
    });
    expect(energy.per_gpu).toEqual([{ index: 0, joules: 300, method: 'nvml-counter' }]);
  });

  it('sums several GPUs and keeps the breakdown', () => {
    const energy = combineEnergy([gpu(0, 300), gpu(1, 100)], { windowMs: 2000, idleW: null, fullyOnGpu: null });
    expect(energy.joules).toBe(400);
    expect(energy.net_joules).toBeNull();
    expect(energy.avg_power_w).toBe(200);
    expect(energy.per_gpu).toEqual([
      { index: 0, joules: 300, method: 'nvml-counter' },
      { index: 1, joules: 100, method: 'nvml-counter' },
    ]);
    expect(energy.valid).toBe(true);
  });

  it('is invalid when any GPU is, naming it, and reports the weaker method when they differ', () => {
    const energy = combineEnergy(
      [gpu(0, 300), gpu(1, 90, { method: 'power-integration', valid: false, reason: 'too few samples: 1 inside the window (need 2)' })],
      { windowMs: 2000, idleW: null, fullyOnGpu: true },
    );
    expect(energy.valid).toBe(false);
    expect(energy.reason).toBe('GPU 1: too few samples: 1 inside the window (need 2)');
    expect(energy.method).toBe('power-integration');
    expect(energy.joules).toBe(390);
  });

  it('is invalid when the model is not fully on the GPU, keeping the joules', () => {
    const energy = combineEnergy([gpu(0, 300)], { windowMs: 2000, idleW: 20, fullyOnGpu: false });
    expect(energy.valid).toBe(false);
    expect(energy.reason).toMatch(/model not fully on the GPU/);
    expect(energy.joules).toBe(300);
  });

  it('has no joules when a GPU has none, and keeps a valid GPU note as the reason', () => {
    expect(
      combineEnergy([gpu(0, null, { valid: false, reason: 'no samples from nvidia-smi' })], { windowMs: 1000, idleW: 10, fullyOnGpu: true }),
    ).toMatchObject({
      joules: null,
      net_joules: null,
      avg_power_w: null,
      valid: false,
    });
    const noted = combineEnergy([gpu(0, 40, { reason: 'energy counter reset 1× in the window; bridged with power.draw' })], {
      windowMs: 1000,
      idleW: null,
      fullyOnGpu: true,
    });
    expect(noted.valid).toBe(true);
    expect(noted.reason).toMatch(/counter reset/);
  });
});
