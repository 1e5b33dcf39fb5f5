import { CliError } from '../../lib/cli-error.ts';
import { printPowerLevel, type PowerLevel } from '../../core/power-level.ts';
import type { Gpu } from '../../schema/run-record.ts';

/** A level resolved against one GPU's limits. */
export interface ResolvedLevel {
  /** What the level asks for, before clamping. */
  requestedW: number;
  /** What `-pl` is given: the request clamped into [min, max]. */
  targetW: number;
  clamped: boolean;
}

/** Resolves a level to watts for one GPU and clamps it into the GPU's [min, max] limits. */
export function resolveLevel(level: PowerLevel, gpu: Gpu): ResolvedLevel {
  let requestedW = level.value;
  if (level.mode === 'percent') {
    const defaultW = gpu.power_limit_default_w ?? null;
    if (defaultW === null) {
      throw new CliError(`--tdp-levels ${printPowerLevel(level)}: GPU ${gpu.index} reports no default power limit; give the level in watts (e.g. 200w)`);
    }
    requestedW = round2((defaultW * level.value) / 100);
  }
  const min = gpu.power_limit_min_w ?? null;
  const max = gpu.power_limit_max_w ?? null;
  let targetW = requestedW;
  if (min !== null && targetW < min) targetW = min;
  if (max !== null && targetW > max) targetW = max;
  return { requestedW, targetW, clamped: targetW !== requestedW };
}

/** How a `-pl` call ended, read from its exit code and its text. */
export type SetLimitOutcome = { ok: true } | { ok: false; why: string };

/**
 * Reads a `nvidia-smi -pl` answer. Success prints "Power limit for GPU ... was set to ...";
 * an unsupported GPU prints "... is not supported ..." and still exits 0, so the text decides.
 */
export function classifySetLimit(code: number | null, output: string): SetLimitOutcome {
  const text = output.replace(/\s+/g, ' ').trim();
  if (/insufficient permissions/i.test(text)) return { ok: false, why: 'Insufficient Permissions' };
  if (/not supported/i.test(text)) return { ok: false, why: 'changing the power limit is not supported on this GPU' };
  if (/not a valid power limit/i.test(text)) return { ok: false, why: firstSentence(text) };
  if (code !== 0) return { ok: false, why: text === '' ? `exit code ${code ?? 'unknown'}` : firstSentence(text) };
  return { ok: true };
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.)\s|Terminating early/)[0].trim();
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
