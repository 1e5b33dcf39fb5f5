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
  const words = normaliseForMatch(term).trim().split(/\s+/).filter(Boolean).map(escapeRegExp);
  if (words.length === 0) return false;
  const pattern = new RegExp(`(?<!${WORD_CHAR})${words.join('\\s+')}(?!${WORD_CHAR})`, 'iu');
  return pattern.test(normaliseForMatch(text));
}

/** The first of `terms` found in `text`, or undefined. */
export function firstTermFound(text: string, terms: readonly string[]): string | undefined {
  return terms.find((term) => containsTerm(text, term));
}

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
