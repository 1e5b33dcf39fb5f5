import { parsePowerLevel } from '../../core/power-level.ts';
import { CliError } from '../../lib/cli-error.ts';
import type { Energy } from '../../schema/run-record.ts';
import { discoverGpus, probeSampleFields, selectGpus } from './discover.ts';
import { DEFAULT_ENERGY_OPTIONS } from './energy.ts';
import type { GpuContext } from './gpu-context.ts';
import { SamplerMeter } from './meter.ts';
import { findExecutable, NvidiaSmi } from './nvidia-smi.ts';
import { SmiPowerController } from './power.ts';
import { resolveLevel } from './power-levels.ts';
import { Sampler } from './sampler.ts';
import { installSafetyHooks } from './safety.ts';

/** How long the sampler may take to report every GPU once: nvidia-smi's start can take seconds on a cold driver. */
const FIRST_SAMPLE_TIMEOUT_MS = 15_000;

/** Options for {@link createGpuContext}, mirroring the run command's GPU flags. */
export interface GpuContextOptions {
  /** `--tdp-levels` as given (`["41", "80", "250w"]`), or null: then no limit is ever changed. */
  tdpLevels: string[] | null;
  /** `--tdp-unmanaged`: run each level without changing the limit, and record `managed: false`. */
  unmanaged: boolean;
  /** `--gpu N`: measure one GPU; null measures every GPU and sums the energy. */
  gpuIndex: number | null;
  idleSeconds: number;
  settleSeconds: number;
  sampleIntervalMs: number;
  /** The sweep's stop signal (cuts the settle wait short). */
  stop?: AbortSignal;
  /** The nvidia-smi executable; default `nvidia-smi` from PATH. */
  nvidiaSmi?: string;
}

/** The energy record of a run made without a GPU; the wording is defined here once. */
export function noGpuEnergy(): Energy {
  return { method: 'none', joules: null, valid: false, reason: 'no GPU: nvidia-smi not found' };
}

/**
 * Discovers the GPU(s), checks every `--tdp-levels` entry against their limits, proves that the
 * limit can be changed when levels were given (unless unmanaged), and starts one long-lived
 * sampler. Returns null when nvidia-smi is not on PATH; throws a CliError for anything the user
 * must fix, before any run. Installs a process `exit` hook that restores changed limits and
 * stops the sampler if the caller's `finally` never ran.
 */
export async function createGpuContext(options: GpuContextOptions): Promise<GpuContext | null> {
  const executable = findExecutable(options.nvidiaSmi ?? 'nvidia-smi');
  if (executable === null) return null;
  const smi = new NvidiaSmi(executable);
  const gpus = selectGpus(await discoverGpus(smi), options.gpuIndex);

  // Every level must resolve on every GPU now, not halfway through the sweep.
  for (const raw of options.tdpLevels ?? []) {
    const level = parsePowerLevel(raw);
    for (const facts of gpus) resolveLevel(level, facts.gpu);
  }
  const power = new SmiPowerController(smi, gpus, {
    changesAllowed: options.tdpLevels !== null,
    unmanaged: options.unmanaged,
    settleSeconds: options.settleSeconds,
    ...(options.stop ? { stop: options.stop } : {}),
  });
  if (options.tdpLevels !== null && options.tdpLevels.length > 0 && !options.unmanaged) await power.validatePermission();

  const fields = await probeSampleFields(smi, options.gpuIndex);
  const sampler = new Sampler({
    executable,
    gpuIndices: gpus.map((f) => f.gpu.index),
    restrict: options.gpuIndex !== null,
    intervalMs: options.sampleIntervalMs,
    fields,
  });
  const hooks = installSafetyHooks({ sampler, power });
  // The first window needs a sample before its start: wait for every GPU's first reading.
  if (!(await sampler.waitForSampleAfter(0, FIRST_SAMPLE_TIMEOUT_MS))) {
    await sampler.close();
    hooks.releaseWhenSettled();
    throw new CliError(
      `${sampler.failure ?? `nvidia-smi sent no power sample within ${FIRST_SAMPLE_TIMEOUT_MS / 1000} s`}; check nvidia-smi --query-gpu=${fields.join(',')} --format=csv -lms ${options.sampleIntervalMs}`,
    );
  }
  const meter = new SamplerMeter(sampler, { ...DEFAULT_ENERGY_OPTIONS, intervalMs: options.sampleIntervalMs, idleSeconds: options.idleSeconds }, () =>
    hooks.releaseWhenSettled(),
  );
  return { gpus: gpus.map((f) => f.gpu), meter, power: hooks.trackRestore(power) };
}
