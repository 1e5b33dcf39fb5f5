import { AgentReferenceSchema, type AgentReference, type World } from '../../schema/agent-suite.ts';
import type { Check } from '../../schema/run-record.ts';
import { canonicalJson } from '../../lib/hash.ts';
import type { Evaluator, EvaluationInput, EvaluationOutcome } from './evaluator.ts';

/**
 * `agent@1`: exact scoring of a tool-use run. The loop's own stop (forbidden call, unknown tool,
 * malformed arguments, turn limit) fails it as classified there; otherwise the final world must
 * equal the starting world with the reference's changes applied (nothing more, nothing less) and
 * the final answer must contain one of the accepted answers.
 */
export const agentEvaluator: Evaluator = {
  name: 'agent',
  version: 1,
  successDefinition: 'no forbidden call, the fake world ends exactly as expected, and the final answer holds an accepted answer',
  async evaluate(input: EvaluationInput): Promise<EvaluationOutcome> {
    const evaluator = 'agent@1';
    if (!input.agent) {
      return {
        evaluation: { evaluator, score: 0, passed: false },
        failure: { stage: 'execute', class: 'no_agent_run', message: 'agent@1 scores only tool-use runs (the suite needs an `agent` block)' },
      };
    }
    if (input.agent.failure) return { evaluation: { evaluator, score: 0, passed: false }, failure: input.agent.failure };
    const reference = AgentReferenceSchema.parse(input.reference ?? {});
    const checks = [
      stateCheck(reference, input.agent.initial, input.agent.world),
      ...(reference.answer ? [answerCheck(reference.answer.any_of, input.response)] : []),
    ];
    const passed = checks.every((check) => check.passed);
    const score = checks.filter((check) => check.passed).length / checks.length;
    const first = checks.find((check) => !check.passed);
    return {
      evaluation: { evaluator, score, passed, checks },
      failure: first ? { stage: 'semantic', class: first.name === 'state' ? 'wrong_state' : 'wrong_answer', message: first.detail ?? first.name } : null,
    };
  },
};

/** The world the task should end in: the start with the expected changes applied. */
export function expectedWorld(initial: World, changes: AgentReference['changes']): World {
  const files = { ...initial.files };
  for (const [path, content] of Object.entries(changes.files)) {
    if (content === null) delete files[path];
    else files[path] = content;
  }
  const tickets = { ...initial.tickets };
  for (const [id, fields] of Object.entries(changes.tickets)) tickets[id] = { ...tickets[id], ...fields };
  const outbox = [...initial.outbox, ...changes.outbox.map((mail) => ({ ...mail, body: '' }))];
  return { files, tickets, outbox };
}

/** Mail bodies are free text: a sent mail matches on recipient and subject. */
function comparable(world: World): unknown {
  return {
    files: world.files,
    tickets: world.tickets,
    outbox: world.outbox.map((mail) => ({ to: mail.to.trim().toLowerCase(), subject: mail.subject.trim() })),
  };
}

function stateCheck(reference: AgentReference, initial: World, final: World): Check {
  const want = comparable(expectedWorld(initial, reference.changes)) as Record<string, unknown>;
  const got = comparable(final) as Record<string, unknown>;
  const differing = ['files', 'tickets', 'outbox'].filter((part) => canonicalJson(want[part]) !== canonicalJson(got[part]));
  if (differing.length === 0) return { name: 'state', passed: true };
  const part = differing[0]!;
  return {
    name: 'state',
    passed: false,
    detail: clip(`final ${differing.join(', ')} differ: ${part} expected ${canonicalJson(want[part])}, got ${canonicalJson(got[part])}`),
  };
}

function answerCheck(accepted: readonly string[], response: string): Check {
  const text = normalise(response);
  const hit = accepted.find((answer) => holdsWord(text, normalise(answer)));
  return hit === undefined
    ? { name: 'answer', passed: false, detail: clip(`the final answer holds none of ${accepted.map((a) => `'${a}'`).join(', ')}`) }
    : { name: 'answer', passed: true, detail: `holds '${hit}'` };
}

/** `3` is in "3 files" but not in "13" or "v3": an answer must stand as its own word. */
function holdsWord(text: string, word: string): boolean {
  const alnum = /[a-z0-9]/;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + word.length] ?? ' ';
    if (!alnum.test(before) && !alnum.test(after)) return true;
  }
  return false;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
