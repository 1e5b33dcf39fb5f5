import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import { warn } from '../../lib/warn.ts';
import type { PowerLimit } from '../../schema/run-record.ts';
import { scanLedger } from '../ledger/reader.ts';
import { makeLedgerFolder } from '../ledger/location.ts';
import { acquireSweepLock, type SweepLock } from '../ledger/lock.ts';
import { writeSidecar } from '../ledger/sidecar.ts';
import { createLedger, reopenLedger, type LedgerWriter } from '../ledger/writer.ts';
import { createProgress, type Progress } from '../progress.ts';
import { toolInfo, type SweepEffects } from './effects.ts';
import type { RunTarget, SweepOptions } from './options.ts';
import { describePlan } from './plan.ts';
import { displayPath as shown } from './display-path.ts';
import { prepareSweep, type PreparedSweep } from './prepare.ts';
import { runParams } from './record.ts';
import { runOne, type LoopContext } from './execute.ts';
import { inLanes } from './lanes.ts';
import { summaryLines, transportLines, type SweepTally } from './summary.ts';
import { openModels, warmup } from './models.ts';
import { OutageGuard } from './outage.ts';
import { shardLabel } from './shard-flag.ts';
import { openJudges } from './judges.ts';
import { pictureCounts, pictureFrom, type SweepPicture } from './picture.ts';

/** How a sweep ended, for the command's exit code and for tests. */
export interface SweepOutcome extends SweepTally {
  sweepId: string;
  ledgerPath: string | null;
  dryRun: boolean;
}

/**
 * Runs (or resumes) one sweep: prepares and checks everything, preflights every model, then
 * makes each planned run that is not yet in the ledger (or, on a resume, stands there as a
 * transport failure) and appends its record. The GPU limit is restored and the meter closed in
 * a `finally`, whatever ends the sweep.
 */
export async function runSweep(target: RunTarget, flagOptions: SweepOptions | null, effects: SweepEffects): Promise<SweepOutcome> {
  const sweep = await prepareSweep(target, flagOptions, effects);
  const tally: SweepTally = {
    planned: sweep.plan.length,
    done: 0,
    written: 0,
    passed: 0,
    failed: 0,
    transport: 0,
    retried: 0,
    transportLeft: 0,
    outage: null,
    interrupted: false,
    restoredW: undefined,
  };
  let picture = readPicture(sweep, target, effects, true);
  countPicture(tally, sweep, picture);
  if (target.dryRun) {
    const missing = sweep.plan.length - tally.done;
    const retrying = picture.remaining.length - missing;
    const retryNote = retrying > 0 ? `, ${retrying} of them transport failures; a resume would retry those and make` : '; a resume would make';
    const resumeNote = sweep.resumed ? `\nalready in the ledger: ${tally.done}${retryNote} the other ${missing}` : '';
    effects.stdout(
      `sweep ${sweep.sweepId}${shardNote(sweep)} (dry run: nothing is run or written)\n${describePlan(sweep.plan, 5, sweep.resumed ? picture.remaining : sweep.plan).join('\n')}${resumeNote}\n`,
    );
    return { ...tally, sweepId: sweep.sweepId, ledgerPath: null, dryRun: true };
  }

  if (picture.remaining.length === 0) {
    // Even with nothing to run, a torn tail is ended: whatever appends next starts on a line of its own.
    if (picture.endsMidLine) await reopenLedger(sweep.ledgerPath, { endsMidLine: true }).close();
    const lines = [`sweep ${sweep.sweepId}: all ${sweep.plan.length} planned runs are already in ${shown(sweep.ledgerPath)}; nothing to do`];
    if (tally.transportLeft > 0) lines.push(...transportLines(tally.transportLeft, resumeCommand(sweep, target)));
    effects.stdout(`${lines.join('\n')}\n`);
    return { ...tally, sweepId: sweep.sweepId, ledgerPath: sweep.ledgerPath, dryRun: false };
  }

  const { options } = sweep;
  const prices = effects.loadPriceBook({
    ...(options.usd_per_kwh === null ? {} : { usdPerKwh: options.usd_per_kwh }),
    ...(options.pricing === null ? {} : { pricingPath: options.pricing }),
  });
  const slots = await openModels(sweep, picture.remaining, effects);
  const realModels = [...slots.values()].some((slot) => !slot.backend.simulated);
  // Simulated models never touch the GPU layer: a sim-only sweep runs the same on any machine.
  const gpu = realModels
    ? await effects.createGpuContext({
        tdpLevels: options.tdp_levels,
        unmanaged: options.tdp_unmanaged,
        gpuIndex: options.gpu,
        idleSeconds: options.idle_seconds,
        settleSeconds: options.settle_seconds,
        sampleIntervalMs: 100,
        stop: effects.stop,
      })
    : null;

  let writer: LedgerWriter | null = null;
  let lock: SweepLock | null = null;
  let progress: Progress | null = null;
  let closeError: unknown = null;
  try {
    if (realModels && gpu === null && options.tdp_levels !== null) {
      throw new CliError('--tdp-levels needs an NVIDIA GPU, but nvidia-smi was not found; drop --tdp-levels or run on a GPU host');
    }
    makeLedgerFolder(dirname(sweep.ledgerPath));
    lock = await acquireSweepLock({ ledgerPath: sweep.ledgerPath, lockFile: sweep.lockPath });
    // Read the ledger again under the lock: another process may have finished runs meanwhile.
    picture = readPicture(sweep, target, effects, false);
    countPicture(tally, sweep, picture);
    writer = openWriter(sweep, picture.endsMidLine, effects);
    effects.onLedgerOpen?.(resumeCommand(sweep, target));
    progress = createProgress({
      total: sweep.plan.length,
      alreadyDone: sweep.plan.length - picture.remaining.length,
      isTTY: effects.isTTY,
      write: effects.stderr,
      nowMs: effects.monotonicMs,
    });
    const guard = new OutageGuard(target.maxTransportFailures);
    const judges = await openJudges(sweep, effects, gpu?.meter ?? null);
    await runAll({ sweep, picture, slots, judges, gpu, prices, writer, progress, tally, effects, guard, concurrency: target.concurrency });
  } finally {
    progress?.close();
    // Waits for the last background fsync: the summary below is printed only once the ledger is on disk.
    closeError =
      writer === null
        ? null
        : await writer.close().then(
            () => null,
            (error: unknown) => error,
          );
    lock?.release();
    if (gpu) {
      const restoredW = await gpu.power.restore().catch((error: unknown) => {
        effects.stderr(`warning: could not restore the GPU power limit: ${error instanceof Error ? error.message : String(error)}\n`);
        return null;
      });
      // Restore is always called (it is safe), but only a managed --tdp-levels sweep changed anything.
      if (options.tdp_levels !== null && !options.tdp_unmanaged) tally.restoredW = restoredW;
      await gpu.meter.close().catch(() => undefined);
    }
    tally.interrupted ||= effects.stop.aborted;
    countPicture(tally, sweep, picture);
    // Only a sweep that got as far as its ledger has anything to summarise or resume: a folder
    // or lock problem before that is the one error line, not a "0 written, resume with" summary.
    if (writer !== null) effects.stdout(`${summaryLines(sweep.sweepId, shown(sweep.ledgerPath), tally, resumeCommand(sweep, target)).join('\n')}\n`);
  }
  if (closeError !== null)
    throw new CliError(`${closeError instanceof Error ? closeError.message : String(closeError)}; the records were written but may not be on disk`);
  return { ...tally, sweepId: sweep.sweepId, ledgerPath: sweep.ledgerPath, dryRun: false };
}

/**
 * The ledger's final picture and the runs this session makes; a resumed ledger's irregularities
 * are reported (when `report`), never repaired.
 */
function readPicture(sweep: PreparedSweep, target: RunTarget, effects: SweepEffects, report: boolean): SweepPicture & { endsMidLine: boolean } {
  if (!sweep.resumed) return { ...pictureFrom(sweep.plan, { latest: new Map() }, false), endsMidLine: false };
  const scan = scanLedger(sweep.ledgerPath, sweep.sweepId);
  const picture = { ...pictureFrom(sweep.plan, scan, target.retryTransport), endsMidLine: scan.torn !== null };
  if (!report) return picture;
  const where = shown(sweep.ledgerPath);
  if (scan.torn) {
    effects.stderr(`${where}:${scan.torn.line}: torn last line (${scan.torn.bytes} bytes, no newline) left in place; new records start on the next line\n`);
  }
  for (const bad of scan.invalid.slice(0, 5)) effects.stderr(`${where}:${bad.line}: skipped, not a record of this sweep: ${bad.reason}\n`);
  if (scan.invalid.length > 5) effects.stderr(`${where}: ${scan.invalid.length - 5} more invalid lines skipped\n`);
  if (scan.duplicates > 0) warn(`${where}: ${scan.duplicates} record(s) repeat a run_id and attempt seen earlier`);
  return picture;
}

function countPicture(tally: SweepTally, sweep: PreparedSweep, picture: SweepPicture): void {
  const counts = pictureCounts(sweep.plan, picture.latest);
  tally.done = counts.inLedger;
  tally.transportLeft = counts.transport;
}

function openWriter(sweep: PreparedSweep, endsMidLine: boolean, effects: SweepEffects): LedgerWriter {
  if (sweep.resumed && existsSync(sweep.ledgerPath)) return reopenLedger(sweep.ledgerPath, { endsMidLine });
  if (!sweep.resumed) {
    writeSidecar(sweep.sidecarPath, {
      schema: 'ledgerbench.sweep/1',
      sweep_id: sweep.sweepId,
      created_at: sweep.createdAt.toISOString(),
      ledger: relative(dirname(sweep.sidecarPath), sweep.ledgerPath),
      options: sweep.options,
      plan: { runs: sweep.plan.length, hash: sweep.planHash },
      ...(sweep.shard === null ? {} : { shard: sweep.shard, sweep_plan: sweep.sweepPlan }),
      tool: toolInfo(),
    });
  }
  effects.stderr(`sweep ${sweep.sweepId}${shardNote(sweep)}: ${sweep.plan.length} runs into ${shown(sweep.ledgerPath)}\n`);
  return createLedger(sweep.ledgerPath);
}

/** Power level by power level (in plan order), model by model: apply, baseline, warm up, measure. */
async function runAll(context: LoopContext): Promise<void> {
  const { picture, slots, gpu, effects, sweep, tally, guard } = context;
  const { remaining } = picture;
  const levels = [...new Set(remaining.map((run) => run.power))];
  for (const level of levels) {
    if (effects.stop.aborted) return;
    const atLevel = remaining.filter((run) => run.power === level);
    let applied: PowerLimit | null = null;
    // Only real models need the GPU at this level; simulated ones model the level themselves.
    if (gpu && atLevel.some((run) => !slots.get(run.model)!.backend.simulated)) {
      applied = await gpu.power.apply(level);
      await untilStopped(gpu.meter.measureIdle(), effects.stop);
    }
    for (const model of [...new Set(atLevel.map((run) => run.model))]) {
      if (effects.stop.aborted) return;
      const slot = slots.get(model)!;
      const runs = atLevel.filter((run) => run.model === model);
      const first = runs[0]!;
      tally.outage = await warmup(slot, runParams(sweep.options, sweep.experiments.get(first.experiment)!.manifest.defaults, 0), context);
      if (tally.outage !== null) return;
      // Up to --concurrency requests in flight; each record is appended whole as its run ends.
      await inLanes(runs, context.concurrency, async (run) => {
        // The simulator answers without real I/O: yield once a run so a pending SIGINT is heard.
        await new Promise((resolve) => setImmediate(resolve));
        if (effects.stop.aborted || tally.outage !== null) return false;
        const record = await runOne(context, run, slot, slot.backend.simulated ? null : applied);
        if (record === null) return false;
        tally.outage ??= guard.afterRun(record.failure?.stage === 'transport' ? { failureClass: record.failure.class, message: record.failure.message } : null);
        return tally.outage === null;
      });
      if (effects.stop.aborted || tally.outage !== null) return;
    }
  }
}

/**
 * Waits for `work` unless the sweep is stopped first. Only for work that is safe to abandon (the
 * idle baseline samples and sleeps): its late result or error is dropped.
 */
async function untilStopped<T>(work: Promise<T>, stop: AbortSignal): Promise<T | undefined> {
  work.catch(() => undefined);
  if (stop.aborted) return undefined;
  let onAbort = () => undefined as void;
  const stopped = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    stop.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    stop.removeEventListener('abort', onAbort);
  }
}

/** ` shard 1/4 (40 of 160 runs)` for a shard, else nothing. */
function shardNote(sweep: PreparedSweep): string {
  return sweep.shard === null ? '' : ` shard ${shardLabel(sweep.shard)} (${sweep.plan.length} of ${sweep.sweepPlan.runs} runs)`;
}

function resumeCommand(sweep: PreparedSweep, target: RunTarget): string {
  let where = '';
  if (target.out !== null) where = ` --out ${shellQuote(target.out)}`;
  else if (target.ledgersDir !== 'ledgers') where = ` --ledgers-dir ${shellQuote(target.ledgersDir)}`;
  const shard = sweep.shard === null ? '' : ` --shard ${shardLabel(sweep.shard)}`;
  return `npx ledgerbench run --resume ${sweep.sweepId}${shard}${where}`;
}

/** A path as a POSIX shell reads it back unchanged, so the printed resume command can be pasted as is. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
