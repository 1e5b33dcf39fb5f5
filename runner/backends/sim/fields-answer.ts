import { pick, type Random } from './random.ts';
import type { Outcome } from './outcome.ts';
import type { SimReply } from './numeric-answer.ts';

/** The check kinds of `fields@1` references, as far as the simulator needs to read them. */
interface FieldCheck {
  kind: string;
  name?: string;
  any_of?: string[];
  path?: string;
  equals?: unknown;
  type?: string;
  limit?: number;
  terms?: string[];
}

const FILLER = [
  'This follows directly from the question as stated.',
  'In short, that is the result that was asked for.',
  'Each part of the request is covered above.',
  'Nothing further needs to be added here.',
];

/**
 * Writes a reply that satisfies every check when correct, and breaks exactly one of them (a missing fact,
 * a wrong field, too many words, a banned term) when wrong — the partial credit a real model earns.
 */
export function fieldsReply(checks: FieldCheck[], outcome: Outcome, random: Random, verbosity: number): SimReply {
  const hasJson = checks.some((c) => c.kind === 'json_field');
  if (outcome === 'malformed') {
    if (hasJson) return { text: '```json\n{"answer": "see below",\n```', done_reason: 'stop' };
    return { text: '', done_reason: 'stop' };
  }
  const broken = outcome === 'wrong' && checks.length > 0 ? pick(random, checks) : undefined;
  const facts = checks.filter((c) => c.kind === 'fact').map((c) => (c === broken ? 'unknown' : (c.any_of?.[0] ?? '')));
  const parts: string[] = [];
  if (hasJson) parts.push('```json\n' + JSON.stringify(jsonObject(checks, broken), null, 2) + '\n```');
  if (facts.length > 0) parts.push(`${facts.join('; ')}.`);
  const banned = checks.flatMap((c) => (c.kind === 'banned' ? (c.terms ?? []) : []));
  const limit = checks.find((c) => c.kind === 'max_words')?.limit;
  // Pad only where no word limit applies, but always say something: an empty reply is unusable.
  let padding = limit === undefined ? Math.round(verbosity * random()) : 0;
  if (parts.length === 0) padding = Math.max(padding, 1);
  parts.push(...safeFiller(banned, padding, random));
  if (broken?.kind === 'max_words') parts.push(...Array.from({ length: (broken.limit ?? 20) / 5 + 2 }, () => pick(random, FILLER)));
  if (broken?.kind === 'banned' && broken.terms?.length) parts.push(`This is sometimes described as ${broken.terms[0]}.`);
  return { text: parts.join('\n\n'), done_reason: 'stop' };
}

function jsonObject(checks: FieldCheck[], broken: FieldCheck | undefined): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const check of checks) {
    if (check.kind !== 'json_field' || !check.path || check === broken) continue;
    setPath(object, check.path.split('.'), fieldValue(check));
  }
  return object;
}

function fieldValue(check: FieldCheck): unknown {
  if (check.equals !== undefined) return check.equals;
  if (check.any_of?.length) return check.any_of[0];
  switch (check.type) {
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'n/a';
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  target[head] ??= {};
  setPath(target[head] as Record<string, unknown>, rest, value);
}

function safeFiller(banned: string[], count: number, random: Random): string[] {
  const allowed = FILLER.filter((line) => !banned.some((term) => line.toLowerCase().includes(term.toLowerCase())));
  if (allowed.length === 0) return [];
  return Array.from({ length: count }, () => pick(random, allowed));
}
