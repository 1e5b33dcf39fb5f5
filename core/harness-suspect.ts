import { HARNESS_EVIDENCE_CHARS, type HarnessSuspect } from '../schema/harness-suspect.ts';
import type { RunRecord } from '../schema/run-record.ts';
import { promptNames, type PromptName } from './python-names.ts';

/**
 * Harness-fault detection (docs/verification.md, "Harness suspects"): a failed run whose failure
 * was most likely caused by the harness that scored it, not by the model. The public case that
 * motivates it: a HumanEval study whose failed cells were nearly all `NameError`s for names the
 * prompt itself imports or defines (`List`, `poly`, `is_palindrome`) — that harness ran the
 * model's function without the prompt's preamble. Pure: the same check labels our runs when they
 * are recorded and anyone's records at export.
 */

/** What the detector reads of one run. */
export interface SuspectInput {
  /** `request.prompt`: the prompt as sent; null when the record does not carry it. */
  prompt: string | null;
  /** `response.text`; empty when the source harness did not keep it (an imported record). */
  response: string;
  /** `response.done_reason` (Ollama) or `finish_reason` (OpenAI-compatible servers). */
  doneReason: string | null;
  failure: { stage: string; class: string; message: string } | null;
  /** `evaluation.evaluator`, `name@version`. */
  evaluator: string;
}

/** How servers say "stopped at the token limit": Ollama and OpenAI `length`, Anthropic `max_tokens`, Gemini `MAX_TOKENS`. */
const TOKEN_LIMIT_REASONS: ReadonlySet<string> = new Set(['length', 'max_tokens', 'max_output_tokens']);
/** Evaluators that run the reply as a program: only for them can a skipped fence lose the answer. */
const CODE_EVALUATORS: ReadonlySet<string> = new Set(['code', 'humaneval', 'mbpp']);
// CPython 3's message, with or without the 3.10+ "Did you mean" hint; Python 2's `global name` too.
const NAME_ERROR = /NameError:\s*(?:global\s+)?name '([A-Za-z_]\w*)' is not defined/;
const FENCE = /^\s*(`{3,}|~{3,})/;
// A line only Python writes (a `def` or `class` header ending in a colon, a Python import), so a
// fence of JavaScript or prose is never taken for a skipped answer.
const PYTHON_LINE = new RegExp(
  [
    /^\s*(?:async\s+)?def\s+\w+\s*\(.*\)\s*(?:->.*)?:\s*(?:#.*)?$/.source,
    /^\s*class\s+\w+\s*(?:\(.*\))?\s*:\s*(?:#.*)?$/.source,
    /^\s*from\s+[\w.]+\s+import\s+[\w*(]/.source,
    /^\s*import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*\s*$/.source,
  ].join('|'),
  'm',
);

const clip = (text: string) => (text.length > HARNESS_EVIDENCE_CHARS ? `${text.slice(0, HARNESS_EVIDENCE_CHARS - 1)}…` : text);
const evaluatorName = (evaluator: string) => evaluator.split('@')[0]!;

/** One fenced block of a reply: its 1-based line, its opening line as written, its body. */
interface Fence {
  line: number;
  opening: string;
  body: string;
}

/** A closing fence: the opening's character, at least as many times, and nothing else. */
const closes = (line: string, marker: string) => line.length >= marker.length && line === marker[0]!.repeat(line.length);

function fences(text: string): Fence[] {
  const lines = text.split(/\r?\n/);
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const marker = open[1]!;
    let j = i + 1;
    while (j < lines.length && !closes(lines[j]!.trim(), marker)) j++;
    found.push({ line: i + 1, opening: lines[i]!.trim(), body: lines.slice(i + 1, j).join('\n') });
    i = j;
  }
  return found;
}

// A suite's prompts recur across models, repeats and arms: scan each once. Bounded, so an export of
// many distinct prompts holds at most PROMPT_CACHE_SIZE scans.
const PROMPT_CACHE_SIZE = 1024;
const scanned = new Map<string, PromptName[]>();

function namesOf(prompt: string): PromptName[] {
  let names = scanned.get(prompt);
  if (names === undefined) {
    if (scanned.size >= PROMPT_CACHE_SIZE) scanned.clear();
    names = promptNames(prompt);
    scanned.set(prompt, names);
  }
  return names;
}

/** A NameError for a name the prompt binds: the harness dropped the prompt's preamble. */
function promptNameFault(input: SuspectInput, name: string): HarnessSuspect | null {
  if (input.prompt === null) return null;
  const bound = namesOf(input.prompt).find((entry) => entry.name === name);
  if (bound === undefined) return null;
  const how = { module: 'imports the module', import: 'imports', def: 'defines', class: 'defines', assign: 'defines' }[bound.kind];
  return {
    reason: bound.kind === 'module' ? 'prompt_module' : 'prompt_name',
    evidence: clip(`NameError for '${name}', which the prompt ${how} at its line ${bound.line}: ${bound.text}`),
  };
}

/** A NameError for a name one of the reply's fences defines: the harness ran another part of the reply. */
function fencedNameFault(input: SuspectInput, name: string): HarnessSuspect | null {
  const defines = new RegExp(`^\\s*(?:(?:async\\s+)?def|class)\\s+${name}\\b|^${name}\\s*=(?!=)`, 'm');
  const fence = fences(input.response).find((block) => defines.test(block.body));
  if (fence === undefined) return null;
  return {
    reason: 'skipped_fence',
    evidence: clip(
      `NameError for '${name}', which the reply defines in the fence opened at its line ${fence.line} (${fence.opening}): the executed code left that fence out`,
    ),
  };
}

/** Fence markers reached the interpreter, or the extractor found no code beside a fence that holds some. */
function skippedFenceFault(input: SuspectInput): HarnessSuspect | null {
  const failure = input.failure!;
  if (/SyntaxError/i.test(`${failure.class} ${failure.message}`) || failure.stage === 'parse') {
    const marker = /(`{3,}|~{3,})\s*[\w-]*/.exec(failure.message);
    if (marker) return { reason: 'skipped_fence', evidence: clip(`the executed code still held the fence marker ${marker[0].trim()}: ${failure.message}`) };
  }
  if (failure.stage !== 'extract' || !CODE_EVALUATORS.has(evaluatorName(input.evaluator))) return null;
  const fence = fences(input.response).find((block) => PYTHON_LINE.test(block.body));
  if (fence === undefined) return null;
  const first = fence.body
    .split('\n')
    .find((line) => PYTHON_LINE.test(line))!
    .trim();
  return {
    reason: 'skipped_fence',
    evidence: clip(`no code was extracted, but the fence opened at reply line ${fence.line} (${fence.opening}) holds Python: ${first}`),
  };
}

/**
 * The harness suspect for one failed run, or null: a NameError for a name the prompt imports or
 * defines (or that another fence of the reply defines), code in a fence the extractor skipped,
 * or a reply cut at the token limit and scored as wrong. Transport failures have no reply to judge.
 */
export function detectHarnessSuspect(input: SuspectInput): HarnessSuspect | null {
  const failure = input.failure;
  if (failure === null || failure.stage === 'transport') return null;
  const name = NAME_ERROR.exec(failure.message)?.[1];
  if (name !== undefined) {
    const fault = promptNameFault(input, name) ?? fencedNameFault(input, name);
    if (fault) return fault;
  }
  const fence = skippedFenceFault(input);
  if (fence) return fence;
  if (input.doneReason !== null && TOKEN_LIMIT_REASONS.has(input.doneReason.toLowerCase())) {
    const tail = input.response.slice(-60).replace(/\s+/g, ' ').trim();
    return {
      reason: 'max_tokens',
      evidence: clip(`the reply stopped at the token limit (done_reason ${input.doneReason}) and was scored as ${failure.class}; it ends: …${tail}`),
    };
  }
  return null;
}

/**
 * A record's harness suspect: the label the runner recorded when it has one (null included), else
 * the detector's reading of the record itself — how older and imported records are labelled.
 */
export function recordHarnessSuspect(record: RunRecord): HarnessSuspect | null {
  const failure = record.failure;
  if (failure === null) return null;
  if (failure.harness_suspect !== undefined) return failure.harness_suspect;
  return detectHarnessSuspect(suspectInputOf(record));
}

/** The fields of a record the detector reads. */
export function suspectInputOf(record: RunRecord): SuspectInput {
  return {
    prompt: record.request?.prompt ?? null,
    response: record.response.text ?? '',
    doneReason: record.response.done_reason,
    failure: record.failure,
    evaluator: record.evaluation.evaluator,
  };
}
