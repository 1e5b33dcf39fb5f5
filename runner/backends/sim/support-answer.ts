import { containsTerm } from '../../evaluators/fields-text.ts';
import { pick, type Random } from './random.ts';
import type { Outcome } from './outcome.ts';
import type { SimReply } from './numeric-answer.ts';

/** The parts of a `judge@1` reference the simulator writes from. */
export interface SupportReference {
  reference_reply?: string;
  checks?: Array<{ kind: string; any_of?: string[]; terms?: string[] }>;
}

const OPENINGS = ['Hi there,', 'Hello,', 'Thanks for getting in touch.', 'Hi, and thank you for your message.'];
const CLOSINGS = ['Best regards,\nSupport team', 'Kind regards,\nCustomer support', 'Let us know if anything else comes up.'];

/**
 * Phrases of a curt reply: they break no hard check (facts present, nothing forbidden promised) but a
 * rubric that asks for empathy marks them down. The simulator's judge notices them; exact checks cannot.
 */
export const CURT_MARKERS = ['As stated in our policy', 'Please read the help centre before writing to us', 'This is not negotiable'];

/**
 * A support reply: the reference's substance in the model's own wrapper when right; when wrong, one
 * realistic fault — a required fact left out, a promise the policy forbids, or a curt tone.
 */
export function supportReply(reference: SupportReference, outcome: Outcome, random: Random): SimReply {
  const body = sentences(reference.reference_reply ?? '');
  if (outcome === 'malformed' || body.length === 0) return { text: pick(random, ['', 'I am sorry, I cannot help with that request.']), done_reason: 'stop' };
  const checks = reference.checks ?? [];
  let lines = body;
  if (outcome === 'wrong') {
    const facts = checks.filter((c) => c.kind === 'fact' && c.any_of?.length);
    const promises = checks.flatMap((c) => (c.kind === 'banned' ? (c.terms ?? []) : []));
    const fault = random();
    if (fault < 0.45 && facts.length > 0) {
      const dropped = pick(random, facts);
      lines = lines.filter((line) => !dropped.any_of!.some((alias) => containsTerm(line, alias)));
    } else if (fault < 0.75 && promises.length > 0) {
      lines = [...lines.slice(0, -1), `To make up for it, you have my word on a ${pick(random, promises)}.`, ...lines.slice(-1)];
    } else {
      lines = [`${pick(random, CURT_MARKERS)}.`, ...lines.slice(1), 'Please read the help centre before writing to us again.'];
      return { text: lines.join(' '), done_reason: 'stop' };
    }
  }
  return { text: [pick(random, OPENINGS), lines.slice(1).join(' '), pick(random, CLOSINGS)].join('\n\n'), done_reason: 'stop' };
}

/** Sentences of a reply; the first is taken as its greeting and replaced by the model's own. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
