import { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { isoTime, UNKNOWN_PARAMS, type ImportedRun, type SourceInfo } from './imported-run.ts';
import { jsonDocument, type SourceFile } from './source-file.ts';

/**
 * tokenjam-bench proof artifacts (`tjbench_<suite>_tj<version>_<ts>.json`): one benchmark, an
 * original and a candidate model, and per task both sides' passes, cost and output tokens. Each
 * task becomes two records, one a model, paired on (suite, task) as any original → candidate sweep.
 */
const usd = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

const TaskSchema = z.object({
  task_id: z.union([z.string().min(1), z.number()]).transform(String),
  samples: z.number().int().positive(),
  original_passes: count,
  candidate_passes: count,
  original_cost_usd: usd.nullable(),
  candidate_cost_usd: usd.nullable(),
  original_output_tokens: count.nullable(),
  candidate_output_tokens: count.nullable(),
  original_detail: z.string(),
  candidate_detail: z.string(),
});

const ProofSchema = z.object({
  tokenjam_version: z.string().min(1),
  benchmark: z.string().min(1),
  original_model: z.string().min(1),
  candidate_model: z.string().min(1),
  n_tasks: count,
  original_pass: count,
  candidate_pass: count,
  original_cost_usd: usd.nullable(),
  candidate_cost_usd: usd.nullable(),
  original_output_tokens: count.nullable(),
  candidate_output_tokens: count.nullable(),
  mock: z.boolean(),
  priced_with_defaults: z.boolean(),
  stats: z.record(z.string(), z.unknown()),
  created_at: z.union([z.string(), z.number()]),
  tasks: z.array(TaskSchema),
});

type Proof = z.infer<typeof ProofSchema>;
type ProofTask = z.infer<typeof TaskSchema>;
type Side = 'original' | 'candidate';

/** The proof format versions this importer was written against (docs/importers.md). */
const KNOWN_MAJOR = /^0\./;

/** A proof whose totals or task list do not add up is refused, located at the first disagreement. */
function checkConsistent(proof: Proof, label: string): void {
  if (proof.tasks.length !== proof.n_tasks)
    throw new CliError(`${label}: n_tasks is ${proof.n_tasks} but tasks[] holds ${proof.tasks.length}; the proof's task list is incomplete`);
  const seen = new Set<string>();
  proof.tasks.forEach((task, i) => {
    if (seen.has(task.task_id)) throw new CliError(`${label}: tasks[${i}].task_id: '${task.task_id}' appears twice; each task is paired once`);
    seen.add(task.task_id);
    for (const side of ['original', 'candidate'] as const) {
      if (task[`${side}_passes`] > task.samples)
        throw new CliError(`${label}: tasks[${i}].${side}_passes: ${task[`${side}_passes`]} passes out of ${task.samples} samples`);
    }
  });
  for (const side of ['original', 'candidate'] as const) {
    const passed = proof.tasks.filter((task) => taskPassed(task, side)).length;
    if (passed !== proof[`${side}_pass`]) {
      throw new CliError(
        `${label}: ${side}_pass is ${proof[`${side}_pass`]} but ${passed} of tasks[] passed on that side; the totals and the task list disagree`,
      );
    }
  }
}

/** A task passes on a side when every one of its samples passed (one sample: that sample). */
function taskPassed(task: ProofTask, side: Side): boolean {
  return task[`${side}_passes`] === task.samples;
}

function toRun(proof: Proof, task: ProofTask, i: number, side: Side, recordedAt: string): ImportedRun {
  const passes = task[`${side}_passes`];
  const detail = task[`${side}_detail`];
  const passed = taskPassed(task, side);
  const failed =
    detail === 'ok'
      ? { stage: 'semantic' as const, class: 'imported_fail', message: `${passes} of ${task.samples} samples passed in the source harness` }
      : { stage: 'execute' as const, class: 'imported_error', message: detail };
  const usd = task[`${side}_cost_usd`];
  return {
    line: null,
    index: `tasks[${i}].${side}`,
    model: { name: proof[`${side}_model`], backend: 'openai' },
    experiment: proof.benchmark,
    task: { id: task.task_id, family: proof.benchmark, hash: null },
    arm: 'plain',
    repeat: 0,
    recordedAt,
    simulated: proof.mock,
    prompt: null,
    response: null,
    doneReason: null,
    params: UNKNOWN_PARAMS,
    tokens: { prompt: null, output: task[`${side}_output_tokens`] },
    wallMs: null,
    energy: null,
    host: null,
    powerLimit: null,
    verdict: { passed, score: passes / task.samples, scorer: `${proof.benchmark} (tokenjam)`, detail, failure: passed ? null : failed },
    cost: { usd, basis: usd === null ? null : 'token-price', ...(proof.priced_with_defaults ? { default_price: true } : {}) },
    dropped: [
      'stats: paired statistics are recomputed from the records',
      'totals (n_tasks, *_pass, *_cost_usd, *_output_tokens): checked against tasks[], then recomputed',
    ],
    rescore: null,
  };
}

/** Reads one tokenjam proof into two runs a task. */
export function importTokenjam(file: SourceFile): { info: SourceInfo; runs: ImportedRun[] } {
  const proof = jsonDocument(file, ProofSchema, 'a tokenjam-bench proof (tjbench_<suite>_tj<version>_<ts>.json)');
  if (!KNOWN_MAJOR.test(proof.tokenjam_version)) {
    throw new CliError(`${file.label}: tokenjam_version: '${proof.tokenjam_version}' is not a version this importer knows (0.x); see docs/importers.md`);
  }
  checkConsistent(proof, file.label);
  const recordedAt = isoTime(proof.created_at, `${file.label}: created_at`);
  const runs = proof.tasks.flatMap((task, i) => [toRun(proof, task, i, 'original', recordedAt), toRun(proof, task, i, 'candidate', recordedAt)]);
  return { info: { format: 'tokenjam', tool: { name: 'tokenjam-bench', version: proof.tokenjam_version }, file }, runs };
}
