import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../../lib/cli-error.ts';
import type { PowerLimit } from '../../schema/run-record.ts';
import { formatWatts, parseReading, splitCsvRow } from './csv.ts';
import type { GpuFacts } from './gpu-facts.ts';
import type { PowerController } from './gpu-context.ts';
import { firstLine, type NvidiaSmi, type SmiResult } from './nvidia-smi.ts';
import { parsePowerLevel, printPowerLevel } from '../../core/power-level.ts';
import { classifySetLimit, resolveLevel } from './power-levels.ts';

/** How far the read-back limit may sit from what was set: NVML works in mW, nvidia-smi prints 0.01 W. */
const TOLERANCE_W = 1;

export interface PowerOptions {
  /** False without `--tdp-levels`: then nothing may ever call `-pl`. */
  changesAllowed: boolean;
  /** `--tdp-unmanaged`: levels are recorded, the limit is left as it is. */
  unmanaged: boolean;
  settleSeconds: number;
  /** The sweep's stop signal: a stop cuts the settle wait short (the caller then restores the limit). */
  stop?: AbortSignal;
}

interface LimitReading {
  limitW: number | null;
  enforcedW: number | null;
}

/**
 * Power limits through `nvidia-smi -i N -pl W`. The limit in force before the first change is
 * remembered per GPU and put back by `restore()` (or `restoreSync()` from the exit hook).
 */
export class SmiPowerController implements PowerController {
  /** The `power.limit` each GPU had before we first touched it; set only once something changed. */
  private readonly original = new Map<number, number>();
  private restoredW: number | null = null;
  private dirty = false;

  constructor(
    private readonly smi: NvidiaSmi,
    private readonly gpus: readonly GpuFacts[],
    private readonly options: PowerOptions,
  ) {}

  /** True while a limit differs from the original (a restore is owed). */
  get pendingRestore(): boolean {
    return this.dirty;
  }

  /**
   * Proves up front that limits can be changed, by setting each GPU's current limit again (a
   * no-op for the hardware), so a sweep without permission stops before its first run.
   */
  async validatePermission(): Promise<void> {
    for (const facts of this.gpus) {
      const { limitW } = await this.read(facts.gpu.index);
      if (limitW === null) {
        throw new CliError(
          `GPU ${facts.gpu.index} (${facts.gpu.name}): power limit is [Not Supported]; drop --tdp-levels, or add --tdp-unmanaged to record the levels without changing the limit`,
        );
      }
      await this.set(facts.gpu.index, limitW);
    }
  }

  async apply(request: string | null): Promise<PowerLimit> {
    const first = this.gpus[0];
    if (request === null) {
      const { enforcedW, limitW } = await this.read(first.gpu.index);
      return { request: null, mode: null, requested_w: null, applied_w: enforcedW ?? limitW };
    }
    if (!this.options.changesAllowed) throw new Error(`power level '${request}' applied without --tdp-levels`);
    const level = parsePowerLevel(request);
    const resolved = this.gpus.map((facts) => ({ facts, ...resolveLevel(level, facts.gpu) }));
    if (this.options.unmanaged) {
      const { enforcedW, limitW } = await this.read(first.gpu.index);
      return {
        request: printPowerLevel(level),
        mode: level.mode,
        requested_w: resolved[0].requestedW,
        applied_w: enforcedW ?? limitW,
        clamped: resolved[0].clamped,
        managed: false,
      };
    }
    const applied: number[] = [];
    for (const { facts, targetW } of resolved) {
      const index = facts.gpu.index;
      if (!this.original.has(index)) {
        const before = (await this.read(index)).limitW ?? facts.powerLimitW;
        if (before !== null) this.original.set(index, before);
      }
      this.dirty = true;
      this.restoredW = null;
      await this.set(index, targetW);
      const after = await this.read(index);
      const readBack = after.limitW ?? after.enforcedW;
      if (readBack === null || Math.abs(readBack - targetW) > TOLERANCE_W) {
        throw new CliError(
          `GPU ${index}: set the power limit to ${formatWatts(targetW)} W but nvidia-smi reads back ${readBack === null ? '[N/A]' : `${formatWatts(readBack)} W`}; check nvidia-smi -q -d POWER`,
        );
      }
      applied.push(after.enforcedW ?? readBack);
    }
    if (this.options.settleSeconds > 0) await settleWait(this.options.settleSeconds * 1000, this.options.stop);
    return {
      request: printPowerLevel(level),
      mode: level.mode,
      requested_w: resolved[0].requestedW,
      applied_w: applied[0],
      clamped: resolved[0].clamped,
      managed: true,
    };
  }

  async restore(): Promise<number | null> {
    if (!this.dirty) return this.restoredW;
    let firstW: number | null = null;
    for (const [index, watts] of this.original) {
      await this.set(index, watts);
      const after = await this.read(index);
      firstW ??= after.limitW ?? after.enforcedW ?? watts;
    }
    this.dirty = false;
    this.restoredW = firstW;
    return firstW;
  }

  /** The exit hook's restore: synchronous, best effort, never throws. */
  restoreSync(): void {
    if (!this.dirty) return;
    for (const [index, watts] of this.original) {
      const result = this.smi.runSync(['-i', String(index), '-pl', formatWatts(watts)]);
      if (!classifySetLimit(result.code, `${result.stdout}\n${result.stderr}`).ok) {
        process.stderr.write(`ledgerbench: could not restore GPU ${index} power limit to ${formatWatts(watts)} W: ${firstLine(result)}\n`);
      }
    }
    this.dirty = false;
  }

  private async set(index: number, watts: number): Promise<void> {
    const args = ['-i', String(index), '-pl', formatWatts(watts)];
    const result: SmiResult = await this.smi.run(args);
    const outcome = classifySetLimit(result.code, `${result.stdout}\n${result.stderr}`);
    if (!outcome.ok) {
      throw new CliError(
        `GPU ${index}: cannot change the power limit (${this.smi.describe(args)}: ${outcome.why}); run as root to sweep --tdp-levels, or add --tdp-unmanaged to run the levels without changing the limit`,
      );
    }
  }

  private async read(index: number): Promise<LimitReading> {
    const args = ['--query-gpu=power.limit,enforced.power.limit', '--format=csv,noheader,nounits', '-i', String(index)];
    const result = await this.smi.run(args);
    if (result.code !== 0) throw new CliError(`${this.smi.describe(args)} failed: ${firstLine(result)}`);
    const [limit, enforced] = splitCsvRow(result.stdout.trim().split(/\r?\n/)[0] ?? '');
    return { limitW: parseReading(limit), enforcedW: parseReading(enforced) };
  }
}

/** The settle pause after a limit change; a stop ends it at once, since no nvidia-smi call is in flight then. */
async function settleWait(ms: number, stop: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, stop ? { signal: stop } : undefined);
  } catch (error) {
    if (!stop?.aborted) throw error;
  }
}
