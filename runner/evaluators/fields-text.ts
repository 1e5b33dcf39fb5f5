/**
 * Text matching for `fields@1`: word-bounded, case-insensitive alias search and word counts.
 * Pure. Both sides are NFKC-normalised so full-width letters and ligatures compare equal.
 */

const WORD_CHAR = '[\\p{L}\\p{N}_]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when `term` appears in `text` as a whole word or phrase, ignoring case: "Au" matches
 * "symbol Au." but not "Austria"; inner whitespace matches any run of whitespace.
 */
export function containsTerm(text: string, term: string): boolean {
  return termPattern(term)?.test(normalisedAnswer(text)) ?? false;
}

/** The first of `terms` found in `text`, or undefined. */
export function firstTermFound(text: string, terms: readonly string[]): string | undefined {
  const normalised = normalisedAnswer(text);
  return terms.find((term) => termPattern(term)?.test(normalised) ?? false);
}

/** The last answer normalised: a check looks for many terms in one answer, and NFKC of the whole answer costs more than a match. */
let lastAnswer: { text: string; normalised: string } | null = null;

function normalisedAnswer(text: string): string {
  if (lastAnswer?.text !== text) lastAnswer = { text, normalised: normaliseForMatch(text) };
  return lastAnswer.normalised;
}

/**
 * The compiled pattern of a term, kept: compiling a Unicode, case-insensitive pattern with
 * lookarounds took most of a fact_prose run's scoring time (~3 ms of CPU a run, profiled), and a
 * suite asks for the same few hundred terms run after run. null: the term has no words.
 */
function termPattern(term: string): RegExp | null {
  let pattern = PATTERNS.get(term);
  if (pattern === undefined) {
    const words = normaliseForMatch(term).trim().split(/\s+/).filter(Boolean).map(escapeRegExp);
    pattern = words.length === 0 ? null : new RegExp(`(?<!${WORD_CHAR})${words.join('\\s+')}(?!${WORD_CHAR})`, 'iu');
    // Bounded, so scoring a stream of ever-new terms (ledgerbench score on a huge file) cannot grow it without end.
    if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.clear();
    PATTERNS.set(term, pattern);
  }
  return pattern;
}

const PATTERNS = new Map<string, RegExp | null>();
const MAX_PATTERNS = 10_000;

/** NFKC, typographic apostrophes and dashes made plain, so "Newton’s" matches "Newton's". */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, '-');
}

/** Words in the answer: whitespace-separated tokens holding at least one letter or digit. */
export function countWords(text: string): number {
  return normaliseForMatch(text)
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
