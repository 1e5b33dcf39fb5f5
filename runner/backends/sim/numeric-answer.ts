import { pick, type Random } from './random.ts';
import type { Outcome } from './outcome.ts';

export interface SimReply {
  text: string;
  done_reason: string;
}

/** Writes a reply to a one-number word problem: working with decoy numbers, then a marked final answer. */
export function numericReply(reference: number, family: string, outcome: Outcome, random: Random, verbosity: number): SimReply {
  const working = workingLines(reference, random, verbosity);
  if (outcome === 'malformed') return malformedNumeric(working, random);
  const value = outcome === 'correct' ? reference : plausibleMistake(reference, random);
  const final = pick(random, FINAL_STYLES)(formatValue(value, family, random));
  return { text: [...working, final].join('\n'), done_reason: 'stop' };
}

const FINAL_STYLES: ReadonlyArray<(v: string) => string> = [
  (v) => `Answer: ${v}`,
  (v) => `#### ${v}`,
  (v) => `The answer is ${v}.`,
  (v) => `**Final answer:** ${v}`,
  (v) => `So the final answer is \\boxed{${v}}.`,
];

/** Numbers derived from the answer, so a careless extractor that takes the first or largest number fails. */
function workingLines(reference: number, random: Random, verbosity: number): string[] {
  const lines: string[] = [];
  const count = Math.max(0, Math.round(verbosity * (0.5 + random())));
  for (let i = 0; i < count; i++) {
    const decoy = roundTo(reference * pick(random, [0.5, 2, 1.5, 0.25, 3, 10]) + i, 4);
    lines.push(pick(random, WORKING)(i + 1, plain(decoy)));
  }
  return lines;
}

const WORKING: ReadonlyArray<(step: number, n: string) => string> = [
  (step, n) => `Step ${step}: the intermediate quantity is ${n}.`,
  (step, n) => `${step}. Working this part out gives ${n}.`,
  (_, n) => `We first note that ${n} is relevant here.`,
  (step, n) => `Step ${step}: carrying the value forward, ${n}.`,
];

function malformedNumeric(working: string[], random: Random): SimReply {
  switch (Math.floor(random() * 3)) {
    case 0:
      return { text: '', done_reason: 'stop' };
    case 1:
      return { text: 'I am not able to work this out from the information given.', done_reason: 'stop' };
    default:
      // Cut off by the token limit in the middle of the working: no final answer line.
      return { text: [...working, 'Step 9: now we need to'].join('\n'), done_reason: 'length' };
  }
}

/** The slips people and models make: a factor of ten, off by one, a dropped sign, a rounding slip. */
export function plausibleMistake(reference: number, random: Random): number {
  const candidates = [reference * 10, reference / 10, reference + 1, reference - 1, Math.round(reference) + 2];
  if (reference !== 0) candidates.push(-reference);
  const choice = roundTo(pick(random, candidates), 6);
  return choice === reference ? reference + 1 : choice;
}

function formatValue(value: number, family: string, random: Random): string {
  if (family === 'money' && random() < 0.6) return `$${withCommas(value, 2)}`;
  if (Math.abs(value) >= 1000 && random() < 0.5) return withCommas(value, 6);
  return plain(value);
}

function withCommas(value: number, maxDecimals: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: maxDecimals, minimumFractionDigits: maxDecimals === 2 && !Number.isInteger(value) ? 2 : 0 });
}

function plain(value: number): string {
  return String(roundTo(value, 6));
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
