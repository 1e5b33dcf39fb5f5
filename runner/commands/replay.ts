import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hostname } from 'node:os';
import { parseModelSpec, printModelSpec } from '../../core/model-spec.ts';
import { wilson } from '../../core/wilson.ts';
import { parseCommandArgs } from '../../lib/args.ts';
import { CliError } from '../../lib/cli-error.ts';
import type { ModelInfo, RunRecord } from '../../schema/run-record.ts';
import { TransportError, type Backend, type GenerateResult, type RequestParams } from '../backends/backend.ts';
import { createBackend } from '../backends/create-backend.ts';
import { costOf, loadPriceBook } from '../cost.ts';
import type { EvaluationOutcome } from '../evaluators/evaluator.ts';
import { answerShape, historyEvaluator } from '../evaluators/history.ts';
import { judgeSeat, type JudgeSeat } from '../evaluators/judge-panel.ts';
import { noGpuEnergy } from '../gpu/create-context.ts';
import { makeLedgerFolder } from '../ledger/location.ts';
import { createLedger, type LedgerWriter } from '../ledger/writer.ts';
import { parseSessions, type BadSession, type Session } from '../replay/sessions.ts';
import { withRetries } from '../retry.ts';
import { toolInfo } from '../sweep/effects.ts';
import { ollamaHost } from '../sweep/models.ts';
import { buildRecord, transportOutcome, untouchedPowerLimit } from '../sweep/record.ts';
import { newSweepId, runId } from '../sweep/run-id.ts';

const HELP = `usage: ledgerbench replay --sessions FILE.jsonl --candidate MODEL [--judge MODEL] [options]

Runs the candidate on the prompts of recorded sessions and measures its agreement with the recorded
answers: a JSON object or a number by value, free text by the judge. Reported as agreement with
history, never as correctness. Writes one ledger: per session a record of the history and one of the
candidate, so ledgerbench compare gives paired verdicts (history → candidate).

  --sessions FILE    OpenAI-style chat JSONL ({"messages": [...], "model"?} ending with the assistant's
                     answer), or the records of an earlier ledger
  --candidate MODEL  the model to replay the prompts on (--models grammar)
  --judge MODEL      judge for free-text answers (default sim:judge when the candidate is sim:)
  --base-url URL     OpenAI-compatible server for openai: models
  --api-key-env NAME environment variable holding the API key (default OPENAI_API_KEY)
  --out FILE         the ledger to write (default ledgers/<sweep_id>.jsonl; must not exist)
  --seed S           generation seed (default 1234)
  --max-tokens N     output cap (default 1024)
  --retries N        retries of a failed request (default 3)
  --timeout-ms N     per-request timeout (default 120000)
  -h, --help         this text`;

const FLAGS = {
  sessions: { type: 'string' },
  candidate: { type: 'string' },
  judge: { type: 'string' },
  'base-url': { type: 'string' },
  'api-key-env': { type: 'string', default: 'OPENAI_API_KEY' },
  out: { type: 'string' },
  seed: { type: 'string', default: '1234' },
  'max-tokens': { type: 'string', default: '1024' },
  retries: { type: 'string', default: '3' },
  'timeout-ms': { type: 'string', default: '120000' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const whole = (text: string, name: string, min: number) => {
  if (!/^-?\d+$/.test(text) || Number(text) < min) throw new CliError(`--${name}: expected a whole number of at least ${min}, got '${text}'`);
  return Number(text);
};

/** Everything a replay shares while it writes. */
interface Replay {
  sweepId: string;
  experiment: string;
  candidate: { backend: Backend; info: ModelInfo };
  judges: JudgeSeat[];
  params: RequestParams;
  retries: number;
  writer: LedgerWriter;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('replay', argv, FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.sessions === undefined || values.candidate === undefined)
    throw new CliError('name the sessions and the model: --sessions FILE.jsonl --candidate MODEL');
  if (!existsSync(values.sessions)) throw new CliError(`${values.sessions}: sessions file not found; check --sessions`);
  const { sessions, bad } = parseSessions(readFileSync(values.sessions, 'utf8'));
  if (sessions.length === 0 && bad.length === 0) throw new CliError(`${values.sessions}: no sessions in the file`);
  const candidateSpec = parseModelSpec(values.candidate);
  const judgeSpecs = values.judge === undefined ? [] : values.judge.split(',').map((s) => parseModelSpec(s.trim()));
  const prose = sessions.filter((s) => answerShape(s.answer) === 'text').length;
  if (prose > 0 && judgeSpecs.length === 0) {
    if (candidateSpec.backend !== 'sim')
      throw new CliError(`${prose} sessions have free-text answers, which a judge compares: give --judge MODEL (e.g. --judge openai:NAME)`);
    judgeSpecs.push(parseModelSpec('sim:judge'));
  }
  const seed = whole(values.seed, 'seed', Number.MIN_SAFE_INTEGER);
  const retries = whole(values.retries, 'retries', 0);
  const options = {
    ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
    apiKeyEnv: values['api-key-env'],
    ollamaHost: ollamaHost(process.env.OLLAMA_HOST),
    requestTimeoutMs: whole(values['timeout-ms'], 'timeout-ms', 1),
    seed,
  };
  const backend = await createBackend(candidateSpec, options);
  await backend.preflight();
  const judges: JudgeSeat[] = [];
  for (const spec of judgeSpecs) {
    const judge = await createBackend(spec, options);
    await judge.preflight();
    judges.push(judgeSeat(judge, seed, { retry: (fn) => withRetries(fn, { retries, baseDelayMs: 500, seed }), meter: null }));
  }
  const now = new Date();
  const sweepId = newSweepId(now);
  const path = values.out ?? join('ledgers', `${sweepId}.jsonl`);
  if (existsSync(path)) throw new CliError(`${path}: ledger already exists; pick another --out`);
  if (!path.endsWith('.jsonl')) throw new CliError(`--out ${path}: a ledger file must end in .jsonl`);
  makeLedgerFolder(join(path, '..'));
  const experiment = `replay_${basename(values.sessions)
    .replace(/\.jsonl$/, '')
    .replace(/[^a-z0-9_]+/gi, '_')
    .toLowerCase()}`;
  const writer = createLedger(path);
  const replay: Replay = {
    sweepId,
    experiment,
    candidate: { backend, info: await backend.describe() },
    judges,
    params: { temperature: 0, seed, max_tokens: whole(values['max-tokens'], 'max-tokens', 1) },
    retries,
    writer,
  };
  let agree = 0;
  try {
    for (const session of sessions) if (await replayOne(replay, session)) agree++;
    for (const line of bad) writeBad(replay, line);
  } finally {
    await writer.close();
  }
  const ci = wilson(agree, sessions.length);
  console.log(
    `agreement with history: ${agree} of ${sessions.length} sessions (${pct(agree / Math.max(1, sessions.length))}, 95% CI ${pct(ci.low)}–${pct(ci.high)}) — agreement, not correctness`,
  );
  const original = sessions[0] === undefined ? 'HISTORY' : printModelSpec(historyModel(sessions[0]));
  console.log(`written to ${path}; paired verdicts: ledgerbench compare --original ${original} --candidate ${candidateSpec.spec} --ledgers '${path}'`);
  for (const line of bad) console.error(`${values.sessions}:${line.line}: ${line.class}: ${line.message} (recorded as a failure, raw line kept)`);
  return bad.length > 0 ? 1 : 0;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function taskOf(session: Pick<Session, 'id' | 'prompt' | 'answer'>) {
  return { id: session.id, family: 'replay', prompt: session.prompt, reference: { prompt: session.prompt, answer: session.answer }, evaluator: 'history@1' };
}

function planned(replay: Replay, model: string, task: ReturnType<typeof taskOf>) {
  const key = { sweep_id: replay.sweepId, model, experiment: replay.experiment, task: task.id, arm: 'plain', repeat: 0, sample: 0, power: null };
  return { run_id: runId(key), index: 0, power: null, model, experiment: replay.experiment, task, arm: 'plain', repeat: 0, sample: 0 };
}

/**
 * History as a model of its own, `history/<name>` on the recorded backend (a chat log's: `openai`), so a
 * ledger replayed on the very model that wrote it still pairs two sides.
 */
export function historyModel(session: Session): ModelInfo {
  if (session.record) return { ...session.record.model, name: `history/${session.record.model.name}` };
  return { name: session.model === null ? 'history' : `history/${session.model}`, backend: 'openai' };
}

/** Writes the history record and the candidate's for one session; true when the candidate agreed. */
async function replayOne(replay: Replay, session: Session): Promise<boolean> {
  const task = taskOf(session);
  const model = historyModel(session);
  const common = { sweepId: replay.sweepId, host: { hostname: hostname(), gpu: null }, prompt: session.prompt, tool: toolInfo(), attempt: 0, concurrency: 1 };
  const agreesWithItself: EvaluationOutcome = {
    evaluation: {
      evaluator: 'history@1',
      score: 1,
      passed: true,
      checks: [{ name: 'agrees_with_history', passed: true, detail: 'the recorded answer itself' }],
    },
    failure: null,
  };
  const history: RunRecord = buildRecord({
    ...common,
    run: planned(replay, printModelSpec(model), task),
    recordedAt: new Date(),
    simulated: session.record?.simulated ?? false,
    model,
    params: session.record?.params ?? { temperature: null, seed: null, max_tokens: null },
    powerLimit: untouchedPowerLimit(),
    result: null,
    wallMs: 0,
    energy: session.record?.energy ?? { method: 'none', joules: null, valid: false, reason: 'recorded history: not measured by this replay' },
    outcome: agreesWithItself,
    cost: session.record?.cost ?? { usd: null, basis: null },
  });
  // The recorded answer and what was measured when it was made (nothing, for a chat log) stand as history's.
  history.response = session.record?.response ?? { text: session.answer, done_reason: null };
  history.tokens = session.record?.tokens ?? { prompt: null, output: null, source: 'estimate' };
  history.timing = session.record?.timing ?? { wall_ms: null };
  replay.writer.append(history);

  const { backend, info } = replay.candidate;
  const started = performance.now();
  let result: GenerateResult | null = null;
  let outcome: EvaluationOutcome;
  try {
    result = await withRetries(
      () =>
        backend.generate({
          prompt: session.prompt,
          ...(session.system === undefined ? {} : { system: session.system }),
          params: replay.params,
          task,
          experiment: replay.experiment,
          arm: 'plain',
          repeat: 0,
          sample: 0,
          power: { applied_w: null, request: null },
        }),
      { retries: replay.retries, baseDelayMs: 500, seed: replay.params.seed },
    );
    outcome = await historyEvaluator.evaluate({
      response: result.text,
      reference: task.reference,
      judging: { seats: replay.judges, task, experiment: replay.experiment },
    });
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    outcome = transportOutcome(error, 'history@1');
  }
  const energy = result?.energy ?? noGpuEnergy();
  replay.writer.append(
    buildRecord({
      ...common,
      run: planned(replay, backend.spec.spec, task),
      recordedAt: new Date(),
      simulated: backend.simulated,
      model: info,
      params: replay.params,
      powerLimit: untouchedPowerLimit(),
      result,
      wallMs: performance.now() - started,
      energy,
      outcome,
      cost: costOf({ model: info, tokens: result?.tokens ?? { prompt: null, output: null }, energy, simulated: backend.simulated }, loadPriceBook()),
    }),
  );
  return outcome.evaluation.passed;
}

/** A line that cannot be replayed: the candidate's record says why, with the raw line as its prompt; never a pass. */
function writeBad(replay: Replay, bad: BadSession): void {
  const task = taskOf({ id: `line-${bad.line}`, prompt: bad.raw, answer: '' });
  const { backend, info } = replay.candidate;
  replay.writer.append(
    buildRecord({
      sweepId: replay.sweepId,
      host: { hostname: hostname(), gpu: null },
      prompt: bad.raw,
      tool: toolInfo(),
      attempt: 0,
      concurrency: 1,
      run: planned(replay, backend.spec.spec, task),
      recordedAt: new Date(),
      simulated: backend.simulated,
      model: info,
      params: replay.params,
      powerLimit: untouchedPowerLimit(),
      result: null,
      wallMs: 0,
      energy: { method: 'none', joules: null, valid: false, reason: 'not run: the session could not be replayed' },
      outcome: { evaluation: { evaluator: 'history@1', score: 0, passed: false }, failure: { stage: 'parse', class: bad.class, message: bad.message } },
      cost: { usd: null, basis: null },
    }),
  );
}
