import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { createGpuContext, noGpuEnergy, type GpuContextOptions } from '../../../runner/gpu/create-context.ts';
import { EnergySchema, PowerLimitSchema } from '../../../schema/run-record.ts';
import { createFakeNvidiaSmi, FAKE_GPU, isSetLimit, type FakeNvidiaSmi, type FakeNvidiaSmiOptions } from '../../fakes/fake-nvidia-smi.ts';

const BASE: GpuContextOptions = { tdpLevels: null, unmanaged: false, gpuIndex: null, idleSeconds: 0, settleSeconds: 0, sampleIntervalMs: 100 };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: FakeNvidiaSmiOptions = {}): Promise<FakeNvidiaSmi> {
  const smi = await createFakeNvidiaSmi(options);
  const undo = smi.useInProcess();
  cleanups.push(() => smi.cleanup(), undo);
  return smi;
}

async function context(options: Partial<GpuContextOptions>) {
  const gpu = await createGpuContext({ ...BASE, ...options });
  if (gpu !== null) cleanups.push(() => gpu.meter.close());
  return gpu;
}

/** A process that no longer runs: gone, or a zombie waiting for a reaper this container may not have. */
function isGone(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

const setLimitCalls = async (smi: FakeNvidiaSmi) => (await smi.invocations()).filter(isSetLimit);

describe('the settle wait after a limit change', () => {
  it('ends at once when the sweep is stopped, and the limit can still be restored', async () => {
    await fake();
    const stop = new AbortController();
    const gpu = await context({ tdpLevels: ['50'], settleSeconds: 30, stop: stop.signal });
    const started = Date.now();
    const applying = gpu!.power.apply('50');
    setTimeout(() => stop.abort(), 200);
    expect((await applying).request).toBe('50');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await gpu!.power.restore()).toBe(FAKE_GPU.defaultW);
  });
});

describe('createGpuContext without nvidia-smi', () => {
  it('returns null when nvidia-smi is not on PATH, and the no-GPU energy says why', async () => {
    expect(await createGpuContext({ ...BASE, nvidiaSmi: 'nvidia-smi-not-installed-here' })).toBeNull();
    expect(await createGpuContext({ ...BASE, nvidiaSmi: '/nonexistent/dir/nvidia-smi' })).toBeNull();
    expect(EnergySchema.parse(noGpuEnergy())).toEqual({ method: 'none', joules: null, valid: false, reason: 'no GPU: nvidia-smi not found' });
  });
});

describe('createGpuContext with the fake nvidia-smi', () => {
  it('discovers the GPU and measures idle and run energy from the counter, never touching the limit', async () => {
    const smi = await fake();
    const gpu = await context({ idleSeconds: 1 });
    expect(gpu?.gpus).toEqual([
      {
        index: 0,
        name: FAKE_GPU.name,
        uuid: expect.stringMatching(/^GPU-/),
        driver: FAKE_GPU.driver,
        memory_mb: FAKE_GPU.memoryMiB,
        power_limit_min_w: FAKE_GPU.minW,
        power_limit_max_w: FAKE_GPU.maxW,
        power_limit_default_w: FAKE_GPU.defaultW,
        power_limit_enforced_w: FAKE_GPU.defaultW,
      },
    ]);
    const limit = await gpu!.power.apply(null);
    expect(limit).toEqual({ request: null, mode: null, requested_w: null, applied_w: FAKE_GPU.defaultW });

    // The fake's counter refreshes every 100 ms (as NVML's does): each bound of the 1 s window may
    // be one refresh stale, so the idle figure is within 2 × 0.1 s × idle W / 1 s of the truth.
    const idle = await gpu!.meter.measureIdle();
    const idleSlack = 2 * (FAKE_GPU.counterPeriodMs / 1000) * FAKE_GPU.idleW + 0.5;
    expect(Math.abs(idle! - FAKE_GPU.idleW)).toBeLessThan(idleSlack);

    const window = gpu!.meter.begin();
    await smi.setBusy(true);
    await sleep(700);
    await smi.setBusy(false);
    const energy = EnergySchema.parse(await gpu!.meter.end(window, { fullyOnGpu: true }));
    expect(energy.method).toBe('nvml-counter');
    expect(energy.valid).toBe(true);
    // Busy draw is min(busy, limit) = 185 W; allow for the window's edges and scheduling.
    expect(energy.avg_power_w).toBeGreaterThan(0.7 * FAKE_GPU.busyW);
    expect(energy.avg_power_w).toBeLessThan(1.05 * FAKE_GPU.busyW);
    expect(energy.idle_w).toBe(Math.round(idle! * 1000) / 1000);
    expect(energy.net_joules).toBeCloseTo(energy.joules! - energy.idle_w! * (energy.joules! / energy.avg_power_w!), 2);
    expect(energy.samples).toBeGreaterThanOrEqual(4);

    expect(await gpu!.power.restore()).toBeNull();
    await gpu!.meter.close();
    expect(await setLimitCalls(smi)).toEqual([]);
    expect(await smi.limitFile(0)).toBeNull();
    // One long-lived sampler, not one process per sample.
    expect((await smi.invocations()).filter((argv) => argv.includes('-lms'))).toHaveLength(1);
  });

  it('resolves, clamps, applies and restores power levels', async () => {
    const smi = await fake();
    const gpu = await context({ tdpLevels: ['50', '100', '250w'] });
    // Permission is proven up front by setting the current limit again.
    expect((await setLimitCalls(smi)).map((argv) => argv.join(' '))).toEqual(['-i 0 -pl 200.00']);

    const half = PowerLimitSchema.parse(await gpu!.power.apply('50'));
    expect(half).toEqual({ request: '50', mode: 'percent', requested_w: 100, applied_w: 100, clamped: false, managed: true });
    expect(await smi.limitFile(0)).toBe(100);

    const over = await gpu!.power.apply('250w');
    expect(over).toEqual({ request: '250w', mode: 'watts', requested_w: 250, applied_w: FAKE_GPU.maxW, clamped: true, managed: true });
    expect(await smi.limitFile(0)).toBe(FAKE_GPU.maxW);

    expect(await gpu!.power.restore()).toBe(FAKE_GPU.defaultW);
    expect(await smi.limitFile(0)).toBe(FAKE_GPU.defaultW);
    const calls = (await setLimitCalls(smi)).length;
    expect(await gpu!.power.restore()).toBe(FAKE_GPU.defaultW);
    expect((await setLimitCalls(smi)).length).toBe(calls);
  });

  it('stops before sampling when the limit cannot be changed, with one line saying what to do', async () => {
    const smi = await fake({ permission: 'denied' });
    const failure = await createGpuContext({ ...BASE, tdpLevels: ['80'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toBe(
      'GPU 0: cannot change the power limit (nvidia-smi -i 0 -pl 200.00: Insufficient Permissions); run as root to sweep --tdp-levels, or add --tdp-unmanaged to run the levels without changing the limit',
    );
    expect((await smi.invocations()).some((argv) => argv.includes('-lms'))).toBe(false);
    expect(await smi.limitFile(0)).toBeNull();
  });

  it('runs the levels unmanaged without permission, recording managed: false', async () => {
    const smi = await fake({ permission: 'denied' });
    const gpu = await context({ tdpLevels: ['80', '250w'], unmanaged: true });
    expect(await gpu!.power.apply('80')).toEqual({
      request: '80',
      mode: 'percent',
      requested_w: 160,
      applied_w: FAKE_GPU.defaultW,
      clamped: false,
      managed: false,
    });
    expect(await gpu!.power.apply('250w')).toMatchObject({ requested_w: 250, applied_w: FAKE_GPU.defaultW, clamped: true, managed: false });
    expect(await gpu!.power.restore()).toBeNull();
    expect(await setLimitCalls(smi)).toEqual([]);
  });

  it('refuses levels on a GPU whose limit is [Not Supported]', async () => {
    await fake({ powerLimit: 'unsupported' });
    await expect(createGpuContext({ ...BASE, tdpLevels: ['100w'] })).rejects.toThrow(/power limit is \[Not Supported\]/);
    await expect(createGpuContext({ ...BASE, tdpLevels: ['80'] })).rejects.toThrow(/reports no default power limit/);
  });

  it('rejects a bad level and an unknown --gpu before changing anything', async () => {
    const smi = await fake();
    await expect(createGpuContext({ ...BASE, tdpLevels: ['80', 'fast'] })).rejects.toThrow(/'fast' is not a power level/);
    await expect(createGpuContext({ ...BASE, gpuIndex: 3 })).rejects.toThrow('--gpu 3: no such GPU; nvidia-smi lists 0');
    expect(await setLimitCalls(smi)).toEqual([]);
  });

  it('integrates power.draw when the counter prints [N/A]', async () => {
    const smi = await fake({ energy: 'na' });
    const gpu = await context({});
    const window = gpu!.meter.begin();
    await smi.setBusy(true);
    await sleep(400);
    const energy = await gpu!.meter.end(window, { fullyOnGpu: true });
    expect(energy.method).toBe('power-integration');
    expect(energy.joules).toBeGreaterThan(0);
    // 400 ms is under twice power.draw's 1 s averaging: measured, but flagged.
    expect(energy.valid).toBe(false);
    expect(energy.reason).toMatch(/shorter than twice 1000 ms/);
  });

  it('drops the energy field when nvidia-smi does not know it', async () => {
    const smi = await fake({ energy: 'unknown-field' });
    const gpu = await context({});
    const window = gpu!.meter.begin();
    await sleep(300);
    const energy = await gpu!.meter.end(window, { fullyOnGpu: null });
    expect(energy.method).toBe('power-integration');
    const sampler = (await smi.invocations()).find((argv) => argv.includes('-lms'));
    expect(sampler?.[0]).toBe('--query-gpu=timestamp,index,power.draw');
  });

  it('sums two GPUs with a per-GPU breakdown, or samples only the one --gpu names', async () => {
    const smi = await fake({ gpus: 2 });
    const both = await context({});
    expect(both!.gpus.map((g) => g.index)).toEqual([0, 1]);
    const window = both!.meter.begin();
    await sleep(400);
    const energy = await both!.meter.end(window, { fullyOnGpu: true });
    expect(energy.per_gpu?.map((g) => g.index)).toEqual([0, 1]);
    expect(energy.joules).toBeCloseTo(
      (energy.per_gpu ?? []).reduce((sum, g) => sum + (g.joules ?? 0), 0),
      2,
    );
    // Idle GPUs, 400 ms window, each bound up to one 100 ms counter refresh stale.
    expect(Math.abs(energy.avg_power_w! - 2 * FAKE_GPU.idleW)).toBeLessThan((2 * 0.1 * 2 * FAKE_GPU.idleW) / 0.4 + 1);
    await both!.meter.close();

    const one = await context({ gpuIndex: 1 });
    expect(one!.gpus.map((g) => g.index)).toEqual([1]);
    const sampler = (await smi.invocations()).filter((argv) => argv.includes('-lms')).at(-1);
    expect(sampler?.slice(-2)).toEqual(['-i', '1']);
  });

  it('marks energy invalid when the model is not fully on the GPU', async () => {
    await fake();
    const gpu = await context({});
    const window = gpu!.meter.begin();
    await sleep(300);
    const energy = await gpu!.meter.end(window, { fullyOnGpu: false });
    expect(energy.valid).toBe(false);
    expect(energy.joules).toBeGreaterThan(0);
    expect(energy.reason).toMatch(/model not fully on the GPU/);
  });
});

describe('process-level safety', () => {
  const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'hold-limit.ts');

  async function runHelper(smi: FakeNvidiaSmi, mode: 'exit' | 'wait', signal?: NodeJS.Signals) {
    const child = spawn(process.execPath, ['--import', 'tsx', helper, mode], { env: { ...process.env, ...smi.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('applied') && resolve());
      child.on('exit', () => reject(new Error(`helper exited early: ${stderr}`)));
    }).catch((error) => {
      if (mode !== 'exit') throw error;
    });
    if (signal) child.kill(signal);
    const [code, killedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve([child.exitCode, child.signalCode]);
      else child.on('exit', (c, s) => resolve([c, s]));
    });
    return { code, killedBy, stderr };
  }

  it('restores the limit on process exit when the caller never restored', async () => {
    const smi = await createFakeNvidiaSmi();
    cleanups.push(() => smi.cleanup());
    const { code } = await runHelper(smi, 'exit');
    expect(code).toBe(0);
    const limits = (await setLimitCalls(smi)).map((argv) => argv.at(-1));
    expect(limits).toEqual(['200.00', '100.00', '200.00']);
    expect(await smi.limitFile(0)).toBe(FAKE_GPU.defaultW);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`restores the limit and stops the sampler on ${signal} when nobody else handles it`, async () => {
      const smi = await createFakeNvidiaSmi();
      cleanups.push(() => smi.cleanup());
      const { killedBy } = await runHelper(smi, 'wait', signal);
      expect(killedBy).toBe(signal);
      expect(await smi.limitFile(0)).toBe(FAKE_GPU.defaultW);
      await sleep(200);
      const log = await import('node:fs/promises').then((fs) => fs.readFile(path.join(smi.dir, 'invocations.log'), 'utf8'));
      const samplerPid = log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { pid: number; argv: string[] })
        .find((entry) => entry.argv.includes('-lms'))?.pid;
      expect(samplerPid).toBeTypeOf('number');
      expect(isGone(samplerPid!)).toBe(true);
    });
  }
});
