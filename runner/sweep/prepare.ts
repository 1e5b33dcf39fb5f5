import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import { warn } from '../../lib/warn.ts';
import type { Experiment } from '../../schema/experiment.ts';
import type { Shard } from '../../schema/shard.ts';
import { loadArm, type Arm } from '../arms.ts';
import { getEvaluator } from '../evaluators/registry.ts';
import { defaultSuiteIds, defaultSuiteSources, loadSuites } from '../experiments/suites.ts';
import { checkLedgerLocation } from '../ledger/location.ts';
import { resumeSidecar, shardStem } from '../ledger/shard-files.ts';
import { ledgerPathOf, sidecarPathFor, type PlanSummary, type SweepSidecar } from '../ledger/sidecar.ts';
import type { SweepEffects } from './effects.ts';
import type { RunTarget, SweepOptions } from './options.ts';
import { buildPlan, planHash, type PlannedRun } from './plan.ts';
import { newSweepId } from './run-id.ts';
import { derivedSweepId, planShard } from './sharding.ts';
import { checkSiblings } from './siblings.ts';
import { resolveJudges } from './judge-choice.ts';

/** A sweep ready to run: its options, suites, arms, full plan and where its ledger lives. */
export interface PreparedSweep {
  sweepId: string;
  createdAt: Date;
  options: SweepOptions;
  experiments: Map<string, Experiment>;
  arms: Map<string, Arm>;
  /** The runs of this ledger: the whole sweep's, or with `--shard` that shard's part, in plan order. */
  plan: PlannedRun[];
  planHash: string;
  /** `--shard K/N`, or null for the whole sweep. */
  shard: Shard | null;
  /** The whole sweep's plan, which every shard shares (the same as `plan` when not sharded). */
  sweepPlan: PlanSummary;
  ledgerPath: string;
  sidecarPath: string;
  lockPath: string;
  /** True for `--resume`: the ledger and sidecar exist and are appended to. */
  resumed: boolean;
}

/** Where a sweep starts from: its options, and for a resume its sidecar. */
interface Start {
  options: SweepOptions;
  sidecar: { path: string; sidecar: SweepSidecar } | null;
}

/**
 * Resolves a new sweep (options from flags) or a resumed one (options from its sidecar), loads
 * and checks suites, arms and evaluators, and builds the plan. Touches no file: every user error
 * surfaces here, before anything is created or any server is contacted.
 */
export async function prepareSweep(target: RunTarget, flagOptions: SweepOptions | null, effects: SweepEffects): Promise<PreparedSweep> {
  const start = startOf(target, flagOptions);
  const { options, suites, arms } = await loadSweepParts(start.options, effects);
  const resumed = start.sidecar?.sidecar;
  const createdAt = resumed ? new Date(resumed.created_at) : effects.now();
  const shard = resumed ? (resumed.shard ?? null) : target.shard;
  const sweepId = resumed?.sweep_id ?? target.sweepId ?? (shard ? derivedSweepId(options, suites) : newSweepId(createdAt, effects.randomHex()));
  const full = planOf(sweepId, options, suites);
  const experiments = new Map(suites.map((suite) => [suite.manifest.id, suite]));
  const sweepPlan = { runs: full.length, hash: planHash(full) };
  const plan = shard === null ? full : planShard(full, shard, options, experiments);
  const hash = shard === null ? sweepPlan.hash : planHash(plan);
  const files = start.sidecar ? resumedFiles(start.sidecar) : newFiles(target, sweepId, shard, effects.hostname());
  if (resumed && (resumed.plan.hash !== hash || resumed.plan.runs !== plan.length)) {
    throw new CliError(
      `${files.sidecarPath}: the plan rebuilt from its options differs from the one the sweep started with (${plan.length} vs ${resumed.plan.runs} runs): a suite, arm or dataset changed since; start a new sweep instead`,
    );
  }
  checkSiblings({ folder: dirname(files.ledgerPath), sweepId, shard, sweepPlan, own: start.sidecar?.path ?? null });
  return { sweepId, createdAt, options, experiments, arms, plan, planHash: hash, shard, sweepPlan, ...files, resumed: resumed !== undefined };
}

/** The whole sweep's plan as its options and loaded suites make it; `ledgerbench status` rebuilds it the same way. */
export function planOf(sweepId: string, options: SweepOptions, suites: Experiment[]): PlannedRun[] {
  return buildPlan({
    sweepId,
    models: options.models,
    experiments: suites,
    arms: options.arms,
    repeats: options.repeats,
    samples: options.samples,
    tdpLevels: options.tdp_levels,
  });
}

function startOf(target: RunTarget, flagOptions: SweepOptions | null): Start {
  if (target.resume === null) {
    if (flagOptions === null) throw new CliError('--models is required unless --resume is given');
    return { options: flagOptions, sidecar: null };
  }
  const folders = target.out === null ? [target.ledgersDir] : [dirname(target.out), target.ledgersDir];
  const found = resumeSidecar(target.resume, target.shard, folders);
  return { options: found.sidecar.options, sidecar: found };
}

/**
 * The suites, arms and evaluators a sweep's options name, loaded and checked; the default
 * "every built-in suite" is expanded into the options. `ledgerbench status` loads the same way
 * to recompute a sweep's plan.
 */
export async function loadSweepParts(
  given: SweepOptions,
  effects: Pick<SweepEffects, 'experimentsDir' | 'armsDir' | 'stop'>,
): Promise<{ options: SweepOptions; suites: Experiment[]; arms: Map<string, Arm> }> {
  let options = given;
  const sources = defaultSuiteSources(options, effects.experimentsDir);
  const defaulted = options.experiments.length === 0;
  if (defaulted) options = { ...options, experiments: defaultSuiteIds(sources) };
  let suites = await loadSuites(options.experiments, { ...sources, stop: effects.stop });
  // Idempotent on a resumed sweep's options: its judges were decided, and its suites expanded, at its start.
  ({ options, suites } = resolveJudges(options, suites, defaulted));
  const arms = new Map(options.arms.map((name) => [name, loadArm(name, effects.armsDir)] as const));
  // Every evaluator a task names must exist in this build before the first request is made.
  for (const evaluator of new Set(suites.flatMap((suite) => suite.tasks.map((task) => task.evaluator)))) getEvaluator(evaluator);
  if (options.samples > 1 && options.temperature === 0) {
    warn('--samples > 1 with --temperature 0: samples differ only by seed, so pass@k may equal pass@1');
  }
  return { options, suites, arms };
}

type Files = Pick<PreparedSweep, 'ledgerPath' | 'sidecarPath' | 'lockPath'>;

function resumedFiles(found: { path: string; sidecar: SweepSidecar }): Files {
  const ledgerPath = ledgerPathOf(found.path, found.sidecar);
  return { ledgerPath, sidecarPath: found.path, lockPath: lockPathFor(ledgerPath, found.sidecar.sweep_id, found.sidecar.shard !== undefined) };
}

/** A new sweep's files: `<id>.jsonl` (or `--out`), or a shard's `<id>.shard-K-of-N.<host>.*`; none may exist yet. */
function newFiles(target: RunTarget, sweepId: string, shard: Shard | null, host: string): Files {
  const stem = shard === null ? sweepId : shardStem(sweepId, shard, host);
  const ledgerPath = target.out ?? join(target.ledgersDir, `${stem}.jsonl`);
  if (existsSync(ledgerPath)) {
    if (shard !== null) {
      throw new CliError(
        `${ledgerPath}: shard ${shard.index}/${shard.count} of sweep ${sweepId} already has this ledger; resume it with --resume ${sweepId} --shard ${shard.index}/${shard.count}`,
      );
    }
    if (target.out === null)
      throw new CliError(`${ledgerPath}: sweep ${sweepId} already exists here; resume it with --resume ${sweepId}, or pick another --sweep-id`);
    throw new CliError(`${ledgerPath}: ledger already exists; a sweep never writes into another's file — pick another --out`);
  }
  if (!ledgerPath.endsWith('.jsonl')) throw new CliError(`--out ${ledgerPath}: a ledger file must end in .jsonl (the exporter reads ledgers/**/*.jsonl)`);
  checkLedgerLocation(ledgerPath, target.out !== null);
  const sidecarPath = shard === null ? sidecarPathFor(ledgerPath, sweepId) : join(target.ledgersDir, `${stem}.sweep.json`);
  return { ledgerPath, sidecarPath, lockPath: lockPathFor(ledgerPath, sweepId, shard !== null) };
}

/** `<id>.lock` beside an unsharded ledger; a shard's lock shares its ledger's stem, so shards in one folder never wait on each other. */
function lockPathFor(ledgerPath: string, sweepId: string, sharded: boolean): string {
  if (sharded) return ledgerPath.replace(/\.jsonl$/, '.lock');
  return join(dirname(ledgerPath), `${sweepId}.lock`);
}
