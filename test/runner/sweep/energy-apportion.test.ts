import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createGpuContext } from '../../../runner/gpu/create-context.ts';
import { apportionEnergy, tokenShare, type RunSpan } from '../../../runner/gpu/energy.ts';
import { EnergySchema } from '../../../schema/run-record.ts';
import { createFakeNvidiaSmi, FAKE_GPU } from '../../fakes/fake-nvidia-smi.ts';

const span = (startMs: number, endMs: number, outputTokens: number | null): RunSpan => ({ startMs, endMs, outputTokens });

describe('tokenShare (pure)', () => {
  it('a run alone keeps its whole window', () => {
    expect(tokenShare(span(0, 500, 10), [])).toBe(1);
    expect(tokenShare(span(0, 500, 10), [span(600, 900, 50)])).toBe(1);
  });

  it('splits the overlap by output-token rate and keeps the rest of the window', () => {
    const a = span(0, 700, 30);
    const b = span(300, 1000, 10);
    // A alone for 300 ms, then 400 ms shared at rates 30:10 → 300/700 + (400/700)·0.75.
    expect(tokenShare(a, [b])).toBeCloseTo(600 / 700, 12);
    expect(tokenShare(b, [a])).toBeCloseTo(400 / 700, 12);
  });

  it('conserves the energy of the busy period: the shares of overlapping runs add up to their union', () => {
    const spans = [span(0, 400, 12), span(100, 900, 80), span(250, 600, 0), span(500, 1200, 33), span(550, 700, null)];
    let covered = 0;
    for (const [i, s] of spans.entries())
      covered +=
        tokenShare(
          s,
          spans.filter((_, j) => j !== i),
        ) *
        (s.endMs - s.startMs);
    expect(covered).toBeCloseTo(1200, 9);
  });

  it('runs without tokens share equally; a run without tokens beside one with tokens gets nothing of the overlap', () => {
    expect(tokenShare(span(0, 100, null), [span(0, 100, 0)])).toBeCloseTo(0.5, 12);
    expect(tokenShare(span(0, 100, 0), [span(0, 100, 5)])).toBe(0);
  });
});

describe('apportionEnergy (pure)', () => {
  it('scales what is per run, keeps the method and validity, and says it was apportioned', () => {
    const measured = EnergySchema.parse({
      method: 'nvml-counter',
      joules: 100,
      net_joules: 60,
      idle_w: 10,
      avg_power_w: 50,
      peak_power_w: 80,
      samples: 20,
      valid: true,
      reason: null,
      per_gpu: [{ index: 0, joules: 100, method: 'nvml-counter' }],
    });
    const shared = EnergySchema.parse(apportionEnergy(measured, 0.25, 4));
    expect(shared).toMatchObject({ method: 'nvml-counter', joules: 25, net_joules: 15, avg_power_w: 12.5, valid: true, idle_w: 10 });
    expect(shared.per_gpu).toEqual([{ index: 0, joules: 25, method: 'nvml-counter' }]);
    expect(shared.reason).toBe('apportioned by output tokens across 4 concurrent runs: 25.0% of 100 J measured over the window');
    const invalid = apportionEnergy({ ...measured, valid: false, reason: 'too few samples' }, 0.5, 2);
    expect(invalid.valid).toBe(false);
    expect(invalid.reason).toMatch(/across 2 concurrent runs: 50\.0% .*; too few samples$/);
  });
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the meter with overlapping windows (fake nvidia-smi)', () => {
  it('apportions the shared window by tokens; the two records add up to the GPU energy of the busy period', async () => {
    const smi = await createFakeNvidiaSmi();
    cleanups.push(() => smi.cleanup(), smi.useInProcess());
    const gpu = await createGpuContext({ tdpLevels: null, unmanaged: false, gpuIndex: null, idleSeconds: 0, settleSeconds: 0, sampleIntervalMs: 50 });
    cleanups.push(() => gpu!.meter.close());
    await smi.setBusy(true);
    await sleep(200);
    const started = performance.now();
    const a = gpu!.meter.begin();
    await sleep(300);
    const b = gpu!.meter.begin();
    await sleep(400);
    // A's energy needs B's tokens: it is ready only once B has ended too.
    const endA = gpu!.meter.end(a, { fullyOnGpu: true, outputTokens: 30 });
    await sleep(300);
    const energyB = EnergySchema.parse(await gpu!.meter.end(b, { fullyOnGpu: true, outputTokens: 10 }));
    const busyS = (performance.now() - started) / 1000;
    const energyA = EnergySchema.parse(await endA);
    for (const energy of [energyA, energyB]) {
      expect(energy.method).toBe('nvml-counter');
      expect(energy.reason).toMatch(/^apportioned by output tokens across 2 concurrent runs: /);
    }
    // A made 3× B's tokens at the same time on the GPU: it carries more of the shared 400 ms.
    expect(energyA.joules!).toBeGreaterThan(energyB.joules!);
    const total = energyA.joules! + energyB.joules!;
    expect(total).toBeGreaterThan(0.8 * FAKE_GPU.busyW * busyS);
    expect(total).toBeLessThan(1.1 * FAKE_GPU.busyW * busyS);
  });
});
