import type { Energy } from '../../schema/run-record.ts';
import type { Sample } from './sample.ts';

/** How the readings behave; the defaults are documented in docs/energy.md. */
export interface EnergyOptions {
  /** The sampler's `-lms` interval. A stretch without samples longer than 3× this is a gap. */
  intervalMs: number;
  /** How often NVML refreshes `total_energy_consumption` (we assume ~100 ms). */
  counterPeriodMs: number;
  /** The averaging window of `power.draw` (1 s on Ampere and newer, per NVML's documentation). */
  powerPeriodMs: number;
}

export const DEFAULT_ENERGY_OPTIONS: EnergyOptions = { intervalMs: 100, counterPeriodMs: 100, powerPeriodMs: 1000 };

/** One GPU's energy over one window. */
export interface GpuWindowEnergy {
  index: number;
  method: 'nvml-counter' | 'power-integration';
  joules: number | null;
  peakPowerW: number | null;
  /** Samples inside the window (bounds included). */
  samples: number;
  valid: boolean;
  reason: string | null;
}

const GAP_FACTOR = 3;

/**
 * Energy of one GPU over [startMs, endMs] (monotonic ms) from its samples, sorted by time.
 * With the NVML counter: the counter's rise across the window, read at the window's bounds by
 * linear interpolation between the samples that bracket them. Without it: the trapezoidal
 * integral of power.draw, the same interpolation at the bounds. A counter that goes backwards
 * (driver reload) is bridged for that one step with power.draw; see docs/energy.md.
 */
export function windowEnergy(samples: readonly Sample[], startMs: number, endMs: number, options: EnergyOptions): GpuWindowEnergy {
  const index = samples[0]?.gpu ?? 0;
  const before = lastAtOrBefore(samples, startMs);
  const after = firstAtOrAfter(samples, endMs);
  const span = before >= 0 && after >= 0 ? samples.slice(before, after + 1) : [];
  const useCounter = span.length > 0 && span.every((s) => s.energyMj !== null);
  const method = useCounter ? 'nvml-counter' : 'power-integration';
  const inside = samples.filter((s) => s.atMs >= startMs && s.atMs <= endMs).length;
  const result = (joules: number | null, reason: string | null, peakPowerW: number | null = null): GpuWindowEnergy => ({
    index,
    method,
    joules,
    peakPowerW,
    samples: inside,
    valid: reason === null,
    reason,
  });

  if (!(endMs > startMs)) return result(null, 'empty window: the run ended when it started');
  if (samples.length === 0) return result(null, 'no samples from nvidia-smi');
  if (before < 0) return result(null, 'no sample at or before the window start');
  if (after < 0) return result(null, 'no sample at or after the window end');

  const peak = peakPower(span, startMs, endMs);
  let joules: number;
  let note: string | null = null;
  if (useCounter) {
    const cumulative = counterJoules(span);
    if (typeof cumulative === 'string') return result(null, cumulative, peak);
    joules = valueAt(span, cumulative, endMs) - valueAt(span, cumulative, startMs);
    if (cumulative.resets > 0) note = `energy counter reset ${cumulative.resets}× in the window; bridged with power.draw`;
  } else {
    if (span.some((s) => s.powerW === null)) return result(null, 'power.draw reported [N/A] in the window', peak);
    joules = integratePower(span, startMs, endMs);
    const gap = largestGap(span);
    if (gap > GAP_FACTOR * options.intervalMs) {
      return result(joules, `gap of ${Math.round(gap)} ms between power samples (more than ${GAP_FACTOR}× the ${options.intervalMs} ms interval)`, peak);
    }
  }
  if (inside < 2) return result(joules, `too few samples: ${inside} inside the window (need 2)`, peak);
  const period = useCounter ? options.counterPeriodMs : options.powerPeriodMs;
  const windowMs = endMs - startMs;
  if (windowMs < 2 * period) {
    const what = useCounter ? 'the energy counter updates every' : 'power.draw averages over';
    return result(joules, `window of ${Math.round(windowMs)} ms is shorter than twice ${period} ms (${what} ${period} ms)`, peak);
  }
  return { ...result(joules, null, peak), reason: note };
}

/** Average power (W) of one GPU over a window, or null when that window's energy is not valid. */
export function averagePowerW(samples: readonly Sample[], startMs: number, endMs: number, options: EnergyOptions): number | null {
  const energy = windowEnergy(samples, startMs, endMs, options);
  if (!energy.valid || energy.joules === null) return null;
  return energy.joules / ((endMs - startMs) / 1000);
}

/**
 * The record's energy from every measured GPU's window: joules summed, valid only when every GPU
 * is, with the idle baseline subtracted for `net_joules`. A model not fully on the GPU makes the
 * reading invalid: the GPU sees only part of the work.
 */
export function combineEnergy(perGpu: readonly GpuWindowEnergy[], context: { windowMs: number; idleW: number | null; fullyOnGpu: boolean | null }): Energy {
  const seconds = context.windowMs / 1000;
  const known = perGpu.every((g) => g.joules !== null) && perGpu.length > 0;
  const joules = known ? round(perGpu.reduce((sum, g) => sum + (g.joules ?? 0), 0)) : null;
  const methods = new Set(perGpu.map((g) => g.method));
  // Mixed methods report the weaker one: integration is the fallback when a counter is missing.
  const method = methods.size === 1 ? perGpu[0].method : 'power-integration';
  const prefix = (g: GpuWindowEnergy) => (perGpu.length > 1 ? `GPU ${g.index}: ` : '');
  const invalid = perGpu.find((g) => !g.valid);
  const notes = perGpu.filter((g) => g.valid && g.reason !== null).map((g) => `${prefix(g)}${g.reason}`);
  let reason: string | null = invalid ? `${prefix(invalid)}${invalid.reason}` : null;
  if (context.fullyOnGpu === false) {
    reason = 'model not fully on the GPU: part of the work ran on the CPU, which the GPU reading misses';
  }
  const valid = reason === null && known;
  const peaks = perGpu.map((g) => g.peakPowerW);
  const peakKnown = peaks.length > 0 && peaks.every((p) => p !== null);
  return {
    method,
    joules,
    net_joules: joules !== null && context.idleW !== null ? round(joules - context.idleW * seconds) : null,
    idle_w: context.idleW === null ? null : round(context.idleW),
    avg_power_w: joules !== null && seconds > 0 ? round(joules / seconds) : null,
    // With several GPUs this sums each GPU's peak: an upper bound on the peak of the total.
    peak_power_w: peakKnown ? round(peaks.reduce((sum: number, p) => sum + (p ?? 0), 0)) : null,
    samples: perGpu.reduce((sum, g) => sum + g.samples, 0),
    valid,
    reason: reason ?? (notes.length > 0 ? notes.join('; ') : null),
    per_gpu: perGpu.map((g) => ({ index: g.index, joules: g.joules === null ? null : round(g.joules), method: g.method })),
  };
}

/** One run's span on the GPU, for apportioning a shared window. */
export interface RunSpan {
  startMs: number;
  endMs: number;
  /** null: not known (a failed or stopped request): it weighs nothing. */
  outputTokens: number | null;
}

/**
 * The fraction of the energy measured over `target`'s window that is its own when other runs
 * overlapped it on the GPU (pure). The window is cut wherever a run starts or ends; each piece
 * counts by its duration (the power is taken as steady across the window), and goes to the runs
 * active in it by their output-token rate (tokens ÷ their own duration: the tokens each made in
 * the piece at a steady rate), equally when none of them has tokens.
 */
export function tokenShare(target: RunSpan, others: readonly RunSpan[]): number {
  const windowMs = target.endMs - target.startMs;
  if (!(windowMs > 0)) return 1;
  const rate = (span: RunSpan) => (span.endMs > span.startMs && span.outputTokens ? span.outputTokens / (span.endMs - span.startMs) : 0);
  const cuts = new Set([target.startMs, target.endMs]);
  for (const span of others) {
    if (span.startMs > target.startMs && span.startMs < target.endMs) cuts.add(span.startMs);
    if (span.endMs > target.startMs && span.endMs < target.endMs) cuts.add(span.endMs);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  let share = 0;
  for (let i = 1; i < bounds.length; i++) {
    const [from, to] = [bounds[i - 1]!, bounds[i]!];
    const active = others.filter((span) => span.startMs < to && span.endMs > from);
    const total = rate(target) + active.reduce((sum, span) => sum + rate(span), 0);
    const mine = total > 0 ? rate(target) / total : 1 / (active.length + 1);
    share += ((to - from) / windowMs) * mine;
  }
  return share;
}

/**
 * A window's energy scaled to one run's share of it, and marked: the GPU was measured while
 * `runs` requests ran at once, so the figure is apportioned, never measured alone.
 */
export function apportionEnergy(energy: Energy, share: number, runs: number): Energy {
  const scale = <T extends number | null | undefined>(value: T): T => (typeof value === 'number' ? round(value * share) : value) as T;
  const measured = energy.joules === null ? 'no energy' : `${energy.joules} J`;
  const note = `apportioned by output tokens across ${runs} concurrent runs: ${(share * 100).toFixed(1)}% of ${measured} measured over the window`;
  return {
    ...energy,
    joules: scale(energy.joules),
    net_joules: scale(energy.net_joules),
    avg_power_w: scale(energy.avg_power_w),
    ...(energy.per_gpu ? { per_gpu: energy.per_gpu.map((gpu) => ({ ...gpu, joules: scale(gpu.joules) })) } : {}),
    reason: energy.reason === null ? note : `${note}; ${energy.reason}`,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function lastAtOrBefore(samples: readonly Sample[], t: number): number {
  for (let i = samples.length - 1; i >= 0; i--) if (samples[i].atMs <= t) return i;
  return -1;
}

function firstAtOrAfter(samples: readonly Sample[], t: number): number {
  for (let i = 0; i < samples.length; i++) if (samples[i].atMs >= t) return i;
  return -1;
}

/** Joules accumulated from the first span sample to each one; a counter decrease is bridged. */
function counterJoules(span: readonly Sample[]): (number[] & { resets: number }) | string {
  const cumulative = Object.assign([0], { resets: 0 });
  for (let i = 1; i < span.length; i++) {
    const a = span[i - 1];
    const b = span[i];
    let step = ((b.energyMj ?? 0) - (a.energyMj ?? 0)) / 1000;
    if (step < 0) {
      // The counter restarts from zero when the driver reloads; the energy of that one step is
      // unknown to the counter, so power.draw stands in for it.
      if (a.powerW === null || b.powerW === null) return 'energy counter went backwards and power.draw is [N/A]';
      step = trapezoid(a.atMs, a.powerW, b.atMs, b.powerW);
      cumulative.resets += 1;
    }
    cumulative.push(cumulative[i - 1] + step);
  }
  return cumulative;
}

/** The cumulative value at time t, linear between the two samples around it. */
function valueAt(span: readonly Sample[], cumulative: readonly number[], t: number): number {
  for (let i = 0; i < span.length - 1; i++) {
    const t0 = span[i].atMs;
    const t1 = span[i + 1].atMs;
    if (t >= t0 && t <= t1) return t1 === t0 ? cumulative[i] : cumulative[i] + ((cumulative[i + 1] - cumulative[i]) * (t - t0)) / (t1 - t0);
  }
  return t <= span[0].atMs ? cumulative[0] : cumulative[cumulative.length - 1];
}

function powerAt(a: Sample, b: Sample, t: number): number {
  const pa = a.powerW ?? 0;
  const pb = b.powerW ?? 0;
  return b.atMs === a.atMs ? pa : pa + ((pb - pa) * (t - a.atMs)) / (b.atMs - a.atMs);
}

/** Joules of a linear power segment: (t1 − t0) in ms × mean watts. */
function trapezoid(t0: number, p0: number, t1: number, p1: number): number {
  return ((t1 - t0) / 1000) * ((p0 + p1) / 2);
}

/** Trapezoidal integral of power.draw over [start, end], each segment clipped to the window. */
function integratePower(span: readonly Sample[], startMs: number, endMs: number): number {
  let joules = 0;
  for (let i = 0; i < span.length - 1; i++) {
    const a = span[i];
    const b = span[i + 1];
    const from = Math.max(a.atMs, startMs);
    const to = Math.min(b.atMs, endMs);
    if (to > from) joules += trapezoid(from, powerAt(a, b, from), to, powerAt(a, b, to));
  }
  return joules;
}

function largestGap(span: readonly Sample[]): number {
  let gap = 0;
  for (let i = 1; i < span.length; i++) gap = Math.max(gap, span[i].atMs - span[i - 1].atMs);
  return gap;
}

/** The highest power.draw in the window, bounds interpolated; null without readings. */
function peakPower(span: readonly Sample[], startMs: number, endMs: number): number | null {
  if (span.some((s) => s.powerW === null)) return null;
  const values = span.filter((s) => s.atMs >= startMs && s.atMs <= endMs).map((s) => s.powerW ?? 0);
  if (span.length >= 2) {
    values.push(powerAt(span[0], span[1], startMs), powerAt(span[span.length - 2], span[span.length - 1], endMs));
  }
  return values.length === 0 ? null : Math.max(...values);
}
