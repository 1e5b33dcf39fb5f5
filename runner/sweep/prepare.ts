import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../../lib/cli-error.ts';
import { warn } from '../../lib/warn.ts';
import type { Experiment } from '../../schema/experiment.ts';
import { loadArm, type Arm } from '../arms.ts';
import { getEvaluator } from '../evaluators/registry.ts';
import { defaultSuiteIds, defaultSuiteSources, loadSuites } from '../experiments/suites.ts';
import { checkLedgerLocation } from '../ledger/location.ts';
import { findSidecar, ledgerPathOf, sidecarPathFor, type SweepSidecar } from '../ledger/sidecar.ts';
import type { SweepEffects } from './effects.ts';
import type { RunTarget, SweepOptions } from './options.ts';
import { buildPlan, planHash, type PlannedRun } from './plan.ts';
import { newSweepId } from './run-id.ts';
import { resolveJudges } from './judge-choice.ts';

/** A sweep ready to run: its options, suites, arms, full plan and where its ledger lives. */
export interface PreparedSweep {
  sweepId: string;
  createdAt: Date;
  options: SweepOptions;
  experiments: Map<string, Experiment>;
  arms: Map<string, Arm>;
  plan: PlannedRun[];
  planHash: string;
  ledgerPath: string;
  sidecarPath: string;
  /** True for `--resume`: the ledger and sidecar exist and are appended to. */
  resumed: boolean;
}

/**
 * Resolves a new sweep (options from flags) or a resumed one (options from its sidecar), loads
 * and checks suites, arms and evaluators, and builds the plan. Touches no file: every user error
 * surfaces here, before anything is created or any server is contacted.
 */
export async function prepareSweep(target: RunTarget, flagOptions: SweepOptions | null, effects: SweepEffects): Promise<PreparedSweep> {
  let sidecar: SweepSidecar | null = null;
  let sidecarPath: string;
  let options: SweepOptions;
  let sweepId: string;
  let ledgerPath: string;
  let createdAt: Date;
  if (target.resume !== null) {
    const folders = target.out === null ? [target.ledgersDir] : [dirname(target.out), target.ledgersDir];
    const found = findSidecar(target.resume, folders);
    sidecar = found.sidecar;
    sidecarPath = found.path;
    options = sidecar.options;
    sweepId = sidecar.sweep_id;
    createdAt = new Date(sidecar.created_at);
    ledgerPath = ledgerPathOf(found.path, sidecar);
  } else {
    if (flagOptions === null) throw new CliError('--models is required unless --resume is given');
    createdAt = effects.now();
    sweepId = newSweepId(createdAt, effects.randomHex());
    ledgerPath = target.out ?? join(target.ledgersDir, `${sweepId}.jsonl`);
    sidecarPath = sidecarPathFor(ledgerPath, sweepId);
    if (existsSync(ledgerPath)) throw new CliError(`${ledgerPath}: ledger already exists; a sweep never writes into another's file — pick another --out`);
    if (!ledgerPath.endsWith('.jsonl')) throw new CliError(`--out ${ledgerPath}: a ledger file must end in .jsonl (the exporter reads ledgers/**/*.jsonl)`);
    checkLedgerLocation(ledgerPath, target.out !== null);
    options = flagOptions;
  }

  const sources = defaultSuiteSources(options, effects.experimentsDir);
  const defaulted = options.experiments.length === 0;
  if (defaulted) options = { ...options, experiments: defaultSuiteIds(sources) };
  let suites = await loadSuites(options.experiments, { ...sources, stop: effects.stop });
  if (sidecar === null) ({ options, suites } = resolveJudges(options, suites, defaulted));
  const arms = new Map(options.arms.map((name) => [name, loadArm(name, effects.armsDir)] as const));
  // Every evaluator a task names must exist in this build before the first request is made.
  for (const evaluator of new Set(suites.flatMap((suite) => suite.tasks.map((task) => task.evaluator)))) getEvaluator(evaluator);
  if (options.samples > 1 && options.temperature === 0) {
    warn('--samples > 1 with --temperature 0: samples differ only by seed, so pass@k may equal pass@1');
  }

  const plan = buildPlan({
    sweepId,
    models: options.models,
    experiments: suites,
    arms: options.arms,
    repeats: options.repeats,
    samples: options.samples,
    tdpLevels: options.tdp_levels,
  });
  const hash = planHash(plan);
  if (sidecar && (sidecar.plan.hash !== hash || sidecar.plan.runs !== plan.length)) {
    throw new CliError(
      `${sidecarPath}: the plan rebuilt from its options differs from the one the sweep started with (${plan.length} vs ${sidecar.plan.runs} runs): a suite, arm or dataset changed since; start a new sweep instead`,
    );
  }
  return {
    sweepId,
    createdAt,
    options,
    experiments: new Map(suites.map((suite) => [suite.manifest.id, suite])),
    arms,
    plan,
    planHash: hash,
    ledgerPath,
    sidecarPath,
    resumed: sidecar !== null,
  };
}
