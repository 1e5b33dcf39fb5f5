/**
 * Finds the final numeric answer in free model text. Pure: no I/O, no state.
 *
 * Priority, highest first: a GSM8K-style `#### N` line, the last `\boxed{...}`, the last explicit
 * marker ("final answer", "the answer is", "Answer:"), then the last number in the text. A number
 * in the working is never taken when a higher route exists.
 */

/** How the final answer was located, in priority order. */
export type ExtractionRoute = '####' | 'boxed' | 'marker' | 'last number';

/** One number as written in the text. */
export interface NumberReading {
  /** The value as written: 45 for `45%`, 0.75 for `3/4`, -7 for `−7`. */
  value: number;
  /** The matched text, trimmed. */
  text: string;
  /** Written with `%` or the word "percent": the evaluator may also read it as value/100. */
  percent: boolean;
  /** Offset of the match in the (normalised) text it was found in. */
  index: number;
}

export interface Extraction extends NumberReading {
  via: ExtractionRoute;
}

// Thousands groups with commas, or with plain/no-break/thin spaces: `1,200`, `1 200 000`.
const SEP = '[ \\u00a0\\u202f\\u2009]';
// A space-grouped number must not run into a hyphen: "3 200-metre sprints" is 3 and 200.
const INT = `(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d{1,3}(?:${SEP}\\d{3})+(?![\\d,-])|\\d+)`;
const BODY =
  `(?<whole>\\d+) (?<mnum>\\d+)/(?<mden>\\d+)(?![\\d/])` + // mixed number: 2 3/4
  `|(?<num>\\d+)/(?<den>\\d+)(?![\\d/])` + // fraction: 3/4
  `|(?<dec>${INT}(?:\\.\\d+)?|\\.\\d+)`;
// A number may not start inside a word, a decimal, or a path/date (`v2`, `1.2.3`, `11/23`).
const NUMBER = new RegExp(
  `(?<![\\w./])(?<sign>[-+])?(?<cur>[$€£¥]\\s?)?(?<sign2>-)?(?:${BODY})` +
    `(?<exp>[eE][-+]?\\d+)?(?<pct>\\s?%|\\s+per\\s?cent\\b)?(?<scale>\\s+(?:thousand|million|billion|trillion)\\b)?`,
  'gi',
);

// Powers of ten, applied in the decimal string so 28.8 billion is exactly 28800000000.
const SCALE_POW: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12 };

/** Canonical characters and LaTeX number spellings, so one scanner reads them all. */
export function normaliseText(text: string): string {
  // "2½" would become "21⁄2" under NFKC: keep the whole part apart so it reads as 2 1/2.
  let out = text.replace(/(\d)([\u00bc-\u00be\u2150-\u215e])/g, '$1 $2').normalize('NFKC');
  out = out.replace(/<think>[\s\S]*?<\/think>/gi, ' ');
  out = out.replace(/[\u2212\ufe63]/g, '-').replace(/\u2044/g, '/');
  out = out.replace(/\\(?:text|mathrm|textbf|mathbf)\{([^{}]*)\}/g, '$1');
  out = out.replace(/\\[dt]?frac\{\s*(-?\d+)\s*\}\{\s*(\d+)\s*\}/g, '$1/$2');
  out = out.replace(/\{,\}/g, ',').replace(/(\d)\\[,!; ](?=\d{3})/g, '$1');
  out = out
    .replace(/\\%/g, '%')
    .replace(/\\\$/g, '$')
    .replace(/\\left|\\right/g, '');
  // Scientific notation written out: 1.2 × 10^3, 1.2 \times 10^{3}.
  out = out.replace(/(\d(?:\.\d+)?)\s*(?:\\times|\\cdot|×|\*|x)\s*10\s*\^\s*\{?\s*([-+]?\d+)\s*\}?/g, '$1e$2');
  return out;
}

/** Every number in already-normalised text, in order of appearance. */
export function findNumbers(normalised: string): NumberReading[] {
  const readings: NumberReading[] = [];
  NUMBER.lastIndex = 0;
  for (let match = NUMBER.exec(normalised); match !== null; match = NUMBER.exec(normalised)) {
    const g = match.groups!;
    let value: number;
    let length = match[0].length;
    // "2.4 million": a scale word multiplies, but never a percent ("5% million" is nonsense).
    const scalePow = g.scale !== undefined && g.pct === undefined ? SCALE_POW[g.scale.trim().toLowerCase()]! : 0;
    if (g.whole !== undefined) {
      const [num, den] = [Number(g.mnum), Number(g.mden)];
      if (den === 0 || num >= den) {
        // "3 5/2" is not a mixed number: keep the whole part and rescan after it.
        length = match[0].indexOf(g.whole) + g.whole.length;
        value = Number(g.whole);
        NUMBER.lastIndex = match.index + length;
      } else value = (Number(g.whole) + num / den) * 10 ** scalePow;
    } else if (g.num !== undefined) {
      value = Number(g.den) === 0 ? Number.NaN : (Number(g.num) / Number(g.den)) * 10 ** scalePow;
    } else {
      value = Number(`${g.dec!.replace(/[,\s\u00a0\u202f\u2009]/g, '')}e${Number(g.exp?.slice(1) ?? 0) + scalePow}`);
    }
    if (!Number.isFinite(value)) continue;
    const negative = (g.sign === '-') !== (g.sign2 === '-');
    const text = match[0].slice(0, length).trim();
    const percent = length === match[0].length && g.pct !== undefined;
    readings.push({ value: negative ? -value : value, text, percent, index: match.index });
  }
  return readings;
}

/** Reads a string that is exactly one number (`"1,200"`, `"-7"`, `"3/4"`, `"$12.50"`), else null. */
export function parseNumberText(text: string): NumberReading | null {
  const normalised = normaliseText(text).trim();
  const readings = findNumbers(normalised);
  if (readings.length !== 1) return null;
  const [only] = readings;
  return only!.index === 0 && only!.text.length === normalised.length ? only! : null;
}

// Arithmetic between two numbers: "3 + 4", "12*3", "10 - 3".
const ARITHMETIC = /\d\s*[-+*/×÷^]\s*[$(]?\d/;

/**
 * The answer inside a short segment (a box, the rest of a marker's line): the first number,
 * unless the segment is a calculation or an assignment ("3 + 4 = 7", "x = 5"), whose result
 * follows the last `=`. "12 apples = 1 dozen" keeps 12.
 */
function answerInSegment(segment: string): NumberReading | null {
  const equals = segment.lastIndexOf('=');
  if (equals >= 0) {
    const before = segment.slice(0, equals);
    if (findNumbers(before).length === 0 || ARITHMETIC.test(before)) {
      const result = findNumbers(segment.slice(equals + 1))[0];
      if (result) return result;
    }
  }
  return findNumbers(segment)[0] ?? null;
}

function fromHashes(text: string): NumberReading | null {
  // Only `#### N` counts: a markdown heading (`#### Step 2`) must not be read as the answer.
  const lines = [...text.matchAll(/####[^\S\n]*([^\n]*)/g)].map((m) => m[1]!);
  for (const line of lines.reverse()) {
    const first = findNumbers(line)[0];
    if (first && first.index === 0) return first;
  }
  return null;
}

/** Contents of every `\\boxed{...}` / `\\fbox{...}`, braces balanced; unclosed boxes are skipped. */
function boxedContents(text: string): string[] {
  // One pass pairs every brace, so many unclosed boxes cost linear, not quadratic, time.
  const closeOf = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}' && open.length > 0) closeOf.set(open.pop()!, i);
  }
  const contents: string[] = [];
  for (const match of text.matchAll(/\\(?:boxed|fbox)\s*\{/g)) {
    const brace = match.index + match[0].length - 1;
    const close = closeOf.get(brace);
    if (close !== undefined) contents.push(text.slice(brace + 1, close));
  }
  return contents;
}

function fromBoxed(text: string): NumberReading | null {
  for (const content of boxedContents(text).reverse()) {
    const reading = answerInSegment(content);
    if (reading) return reading;
  }
  return null;
}

// "Final answer", "Final Answer:", "the answer is", "**Answer:**", "Answer (in dollars): 42".
const MARKER_TAIL = String.raw`[*_ \t]*(?:is\b[*_ \t]*:?|:|=)`;
const MARKER = new RegExp(String.raw`\bfinal\s+answer\b(?:${MARKER_TAIL})?|\banswer\b(?:\s*\([^)\n]*\))?${MARKER_TAIL}`, 'gi');

const hasContent = (line: string) => /[\p{L}\p{N}]/u.test(line);

/** The number a marker introduces: on the rest of its line, else on the next non-empty line ("Final answer:\n\n42"). */
function afterMarker(rest: string): NumberReading | null {
  const lines = rest.split('\n');
  const sameLine = lines[0] ?? '';
  if (hasContent(sameLine)) return answerInSegment(sameLine);
  const next = lines.slice(1).find(hasContent);
  return next === undefined ? null : answerInSegment(next);
}

// After a bare "the answer is", a number must follow at once (fillers allowed): "the answer is
// clear" or "the answer is that..." is prose, not a marker.
const PROMPT_NUMBER = /^[*_\s:]*(?:(?:therefore|thus|so|then|approximately|about|exactly|roughly|just|simply|equal to)\b[*_\s:,]*)*[-+$€£¥.\d\\]/i;

function isIdleMarker(marker: string, rest: string): boolean {
  if (/^final/i.test(marker) || !/\bis\b[*_\s]*$/i.test(marker)) return false;
  return !PROMPT_NUMBER.test(rest);
}

/**
 * null: no marker. `{ reading: null }`: markers, none followed by a number. The last marker with a
 * number wins, so a closing "I hope the answer is clear" does not hide "Answer: 42" above it.
 */
function fromMarker(text: string): { reading: NumberReading | null } | null {
  const markers = [...text.matchAll(MARKER)].filter((m) => !isIdleMarker(m[0], text.slice(m.index + m[0].length)));
  if (markers.length === 0) return null;
  for (const marker of markers.reverse()) {
    const reading = afterMarker(text.slice(marker.index + marker[0].length));
    if (reading) return { reading };
  }
  return { reading: null };
}

/** The final answer in `response`, or null when there is no number to take. */
export function extractFinalAnswer(response: string): Extraction | null {
  const text = normaliseText(response);
  const hashes = fromHashes(text);
  if (hashes) return { ...hashes, via: '####' };
  const boxed = fromBoxed(text);
  if (boxed) return { ...boxed, via: 'boxed' };
  const marked = fromMarker(text);
  if (marked) return marked.reading ? { ...marked.reading, via: 'marker' } : null;
  const last = findNumbers(text).at(-1);
  return last ? { ...last, via: 'last number' } : null;
}
