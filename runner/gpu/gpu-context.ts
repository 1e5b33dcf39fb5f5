import type { Energy, Gpu, PowerLimit } from '../../schema/run-record.ts';

/** A span of a run on the GPU(s): opened before the request, closed after the last token. */
export interface EnergyWindow {
  readonly startedAt: number;
}

/** Measures energy per run from one long-lived sampler per sweep. */
export interface EnergyMeter {
  begin(): EnergyWindow;
  /**
   * Closes a window. `outputTokens` weighs this run's share when windows overlapped (concurrent
   * requests on one GPU); null when the run produced none that are known.
   */
  end(window: EnergyWindow, context: { fullyOnGpu: boolean | null; outputTokens?: number | null }): Promise<Energy>;
  /** Measures the idle baseline (watts) after a power level is applied and before its runs. */
  measureIdle(): Promise<number | null>;
  close(): Promise<void>;
}

/** Applies and restores GPU power limits; only ever changes anything when `--tdp-levels` was given. */
export interface PowerController {
  /** Resolves, applies, reads back and settles one level; returns the record's power_limit. */
  apply(request: string | null): Promise<PowerLimit>;
  /** Restores the original limit(s); safe to call more than once. Returns the restored watts. */
  restore(): Promise<number | null>;
}

/** What the sweep gets from the GPU layer: discovery, a meter, and a power controller. */
export interface GpuContext {
  gpus: Gpu[];
  meter: EnergyMeter;
  power: PowerController;
}
