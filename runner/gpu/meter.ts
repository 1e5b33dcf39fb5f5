import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Energy } from '../../schema/run-record.ts';
import { averagePowerW, combineEnergy, windowEnergy, type EnergyOptions, type GpuWindowEnergy } from './energy.ts';
import type { EnergyMeter, EnergyWindow } from './gpu-context.ts';
import type { Sampler } from './sampler.ts';

/** How long to keep samples behind the oldest open window (and behind now when none is open). */
const KEEP_MS = 10_000;

/**
 * The EnergyMeter over one Sampler: windows are cut on the monotonic clock, closed only once a
 * sample at or after their end has arrived, and scored by the pure functions in energy.ts.
 */
export class SamplerMeter implements EnergyMeter {
  private idleW: number | null = null;
  private readonly open = new Set<EnergyWindow>();

  constructor(
    private readonly sampler: Sampler,
    private readonly options: EnergyOptions & { idleSeconds: number },
    private readonly onClose: () => void = () => {},
  ) {}

  begin(): EnergyWindow {
    const window = { startedAt: performance.now() };
    this.open.add(window);
    return window;
  }

  async end(window: EnergyWindow, context: { fullyOnGpu: boolean | null }): Promise<Energy> {
    const endMs = performance.now();
    this.open.delete(window);
    await this.sampler.waitForSampleAfter(endMs, this.waitMs());
    const perGpu = this.perGpu(window.startedAt, endMs);
    this.prune(endMs);
    return combineEnergy(perGpu, { windowMs: endMs - window.startedAt, idleW: this.idleW, fullyOnGpu: context.fullyOnGpu });
  }

  async measureIdle(): Promise<number | null> {
    if (!(this.options.idleSeconds > 0)) {
      this.idleW = null;
      return null;
    }
    const startMs = performance.now();
    await sleep(this.options.idleSeconds * 1000);
    const endMs = performance.now();
    await this.sampler.waitForSampleAfter(endMs, this.waitMs());
    const watts = this.sampler.gpuIndices.map((gpu) => averagePowerW(this.sampler.samples(gpu), startMs, endMs, this.options));
    this.idleW = watts.length > 0 && watts.every((w) => w !== null) ? watts.reduce((sum: number, w) => sum + (w ?? 0), 0) : null;
    this.prune(endMs);
    return this.idleW;
  }

  async close(): Promise<void> {
    await this.sampler.close();
    this.onClose();
  }

  private perGpu(startMs: number, endMs: number): GpuWindowEnergy[] {
    const failure = this.sampler.failure;
    return this.sampler.gpuIndices.map((gpu) => {
      const energy = windowEnergy(this.sampler.samples(gpu), startMs, endMs, this.options);
      // A dead sampler explains a missing bound better than "no sample after the window end".
      if (failure !== null && !energy.valid) return { ...energy, index: gpu, reason: failure };
      return { ...energy, index: gpu };
    });
  }

  /** Wait for the closing sample: a few intervals, and at least a second for a slow nvidia-smi. */
  private waitMs(): number {
    return Math.max(1000, 5 * this.options.intervalMs);
  }

  private prune(nowMs: number): void {
    const oldest = Math.min(nowMs, ...[...this.open].map((w) => w.startedAt));
    this.sampler.prune(oldest - KEEP_MS);
  }
}
