import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Energy } from '../../schema/run-record.ts';
import { apportionEnergy, averagePowerW, combineEnergy, tokenShare, windowEnergy, type EnergyOptions, type GpuWindowEnergy } from './energy.ts';
import type { EnergyMeter, EnergyWindow } from './gpu-context.ts';
import type { Sampler } from './sampler.ts';

/** How long to keep samples behind the oldest open window (and behind now when none is open). */
const KEEP_MS = 10_000;

/** A window as the meter keeps it: when it ended, its tokens, and a signal for runs waiting on it. */
interface Span extends EnergyWindow {
  endedAt: number | null;
  outputTokens: number | null;
  closed: Promise<void>;
  markClosed: () => void;
}

/**
 * The EnergyMeter over one Sampler: windows are cut on the monotonic clock, closed only once a
 * sample at or after their end has arrived, and scored by the pure functions in energy.ts.
 */
export class SamplerMeter implements EnergyMeter {
  private idleW: number | null = null;
  /** Windows not yet scored (open, or closed and waiting for their overlaps and closing sample). */
  private readonly open = new Set<Span>();
  /** Closed windows that may still overlap one in `open`: their tokens weigh its share. */
  private readonly spans = new Set<Span>();

  constructor(
    private readonly sampler: Sampler,
    private readonly options: EnergyOptions & { idleSeconds: number },
    private readonly onClose: () => void = () => {},
  ) {}

  begin(): EnergyWindow {
    let markClosed = () => {};
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const span: Span = { startedAt: performance.now(), endedAt: null, outputTokens: null, closed, markClosed };
    this.open.add(span);
    this.spans.add(span);
    return span;
  }

  /**
   * Scores a window. When others overlapped it (concurrent requests on the same GPU), the GPU's
   * energy over the window is shared: this run gets its token-weighted share (energy.ts
   * `tokenShare`), once every overlapping window has closed and its tokens are known, and the
   * record says so.
   */
  async end(window: EnergyWindow, context: { fullyOnGpu: boolean | null; outputTokens?: number | null }): Promise<Energy> {
    const span = window as Span;
    const endMs = performance.now();
    span.endedAt = endMs;
    span.outputTokens = context.outputTokens ?? null;
    span.markClosed();
    try {
      const overlapping = [...this.spans].filter(
        (other) => other !== span && other.startedAt < endMs && (other.endedAt ?? Number.POSITIVE_INFINITY) > span.startedAt,
      );
      await Promise.all(overlapping.map((other) => other.closed));
      await this.sampler.waitForSampleAfter(endMs, this.waitMs());
      const perGpu = this.perGpu(span.startedAt, endMs);
      const energy = combineEnergy(perGpu, { windowMs: endMs - span.startedAt, idleW: this.idleW, fullyOnGpu: context.fullyOnGpu });
      if (overlapping.length === 0) return energy;
      const spanOf = (s: Span) => ({ startMs: s.startedAt, endMs: s.endedAt ?? endMs, outputTokens: s.outputTokens });
      return apportionEnergy(energy, tokenShare(spanOf(span), overlapping.map(spanOf)), overlapping.length + 1);
    } finally {
      this.open.delete(span);
      this.prune(endMs);
    }
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
    // No run waits on a window that will never be ended.
    for (const span of this.open) span.markClosed();
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
    // A closed window can overlap only windows that started before it ended.
    for (const span of this.spans) if (span.endedAt !== null && span.endedAt < oldest && !this.open.has(span)) this.spans.delete(span);
  }
}
