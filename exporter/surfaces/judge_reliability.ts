import { z } from 'zod';
import { cohenKappa, type Kappa } from '../../core/kappa.ts';
import { judgeReliability, RELIABILITY_THRESHOLDS } from '../../core/judge-reliability.ts';
import { JudgeEvaluationSchema, type JudgeEvaluation } from '../../schema/judge.ts';
import type { Column, JudgeReliabilityRow, JudgeReliabilitySurface } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { envelope, type SurfaceContext } from './context.ts';

export const JUDGE_RELIABILITY_COLUMNS: Record<string, Column> = {
  position_agreement: { unit: 'share 0..1', description: 'runs whose pass/fail stayed the same with reply and reference swapped (Wilson 95% interval)' },
  first_preference: { unit: 'share 0..1', description: 'of calls preferring one text, the share preferring the one shown first; 0.5 = no position bias' },
  seed_agreement: { unit: 'share 0..1', description: 'runs whose pass/fail stayed the same under a second seed' },
  exact_kappa: { unit: 'kappa −1..1', description: "Cohen's kappa, judge vs exact checks on the hard facts and promises (Fleiss–Cohen–Everitt 95% interval)" },
  inter_judge_kappa: { unit: 'kappa −1..1', description: "Cohen's kappa between the two judges' pass/fail, when two were given" },
  judge_joules: { unit: 'J', description: "the judge's own energy over these runs; null when any call was not measured" },
};

const RunRowSchema = z.object({
  experiment: z.string(),
  model: z.string(),
  simulated: z.boolean(),
  passed: z.boolean(),
  byte_offset: z.number(),
  byte_length: z.number(),
});

interface Group {
  experiment: string;
  model: string;
  simulated: boolean;
  passed: number;
  runs: number;
  judged: JudgeEvaluation[];
}

/** data/judge_reliability.json: how far each judge can be trusted, beside every judged pass rate. */
export async function buildJudgeReliability(context: SurfaceContext): Promise<JudgeReliabilitySurface> {
  return envelope('judge_reliability', context, await judgeReliabilityRows(context), JUDGE_RELIABILITY_COLUMNS);
}

/** The rows, from the runs table and the record store (`compare` reads them too, for its verdict notes). */
export async function judgeReliabilityRows(context: Pick<SurfaceContext, 'db' | 'store'>): Promise<JudgeReliabilityRow[]> {
  const groups = new Map<string, Group>();
  for (const row of (await context.db.query(loadSql('judge_reliability_runs'))).map((r) => RunRowSchema.parse(r))) {
    const key = `${row.experiment}\u0000${row.model}`;
    const group = groups.get(key) ?? { experiment: row.experiment, model: row.model, simulated: false, passed: 0, runs: 0, judged: [] };
    groups.set(key, group);
    group.runs++;
    if (row.passed) group.passed++;
    group.simulated ||= row.simulated;
    const judge = readJudge(context, row.byte_offset, row.byte_length);
    if (judge !== null) group.judged.push(judge);
  }
  return [...groups.values()].flatMap(rowsOf);
}

/** The record's `evaluation.judge`, read back from the validated record text (null when the run was never judged). */
function readJudge(context: Pick<SurfaceContext, 'store'>, offset: number, length: number): JudgeEvaluation | null {
  if (!context.store) throw new Error('judge_reliability needs the record store: build it through runExport');
  const record = JSON.parse(Buffer.from(context.store.read(offset, length)).toString('utf8')) as { evaluation?: { judge?: unknown } };
  const judge = record.evaluation?.judge;
  return judge === undefined ? null : JudgeEvaluationSchema.parse(judge);
}

/** One row per judge of the group, in the order the judges were given; a judge is keyed by its spec. */
function rowsOf(group: Group): JudgeReliabilityRow[] {
  const judges = [...new Set(group.judged.flatMap((run) => run.judges.map((j, i) => `${i}\u0000${j.model}`)))].sort();
  const inter = interJudgeKappa(group.judged);
  return judges.map((key) => {
    const [index, judge] = [Number(key.split('\u0000')[0]), key.split('\u0000')[1]!];
    const runs = group.judged.filter((run) => run.judges[index]?.model === judge);
    const r = judgeReliability(runs, index);
    return {
      experiment: group.experiment,
      model: group.model,
      judge,
      role: index === 0 ? 'decides' : 'second',
      runs: r.runs,
      graded: r.graded,
      calls: r.calls,
      no_grade_calls: r.no_grade_calls,
      pass_rate: group.runs === 0 ? null : group.passed / group.runs,
      judge_pass_rate: r.judge_pass.rate,
      exact_pass_rate: r.exact_pass.rate,
      position_agreement: r.position_agreement.rate,
      position_agreement_low: r.position_agreement.n === 0 ? null : r.position_agreement.interval.low,
      position_agreement_high: r.position_agreement.n === 0 ? null : r.position_agreement.interval.high,
      position_pairs: r.position_agreement.n,
      first_preference: r.first_preference.rate,
      seed_agreement: r.seed_agreement.rate,
      seed_pairs: r.seed_agreement.n,
      exact_kappa: r.exact_kappa.kappa,
      exact_kappa_low: r.exact_kappa.interval?.low ?? null,
      exact_kappa_high: r.exact_kappa.interval?.high ?? null,
      exact_pairs: r.exact_kappa.n,
      inter_judge_kappa: inter?.kappa ?? null,
      inter_judge_kappa_low: inter?.interval?.low ?? null,
      inter_judge_kappa_high: inter?.interval?.high ?? null,
      judge_prompt_tokens: r.usage.prompt_tokens,
      judge_output_tokens: r.usage.output_tokens,
      judge_wall_ms: r.usage.wall_ms,
      judge_joules: r.usage.joules,
      reliable: r.reliable,
      warnings: r.warnings,
      kappa_threshold: RELIABILITY_THRESHOLDS.kappa,
      position_threshold: RELIABILITY_THRESHOLDS.position_agreement,
      simulated: group.simulated || runs.some((run) => run.judges[index]!.simulated),
    };
  });
}

/** Agreement of the two judges' verdicts on the runs both graded; null with one judge. */
function interJudgeKappa(runs: readonly JudgeEvaluation[]): Kappa | null {
  if (!runs.some((run) => run.judges.length > 1)) return null;
  const pairs = runs.flatMap((run) => {
    const [a, b] = run.judges;
    return a?.passed != null && b?.passed != null ? [[a.passed, b.passed] as const] : [];
  });
  return cohenKappa(pairs);
}
