/** One line of one side of a side-by-side, and whether the other side lacks it. */
export interface DiffLine {
  text: string;
  changed: boolean;
}

export interface LineDiff {
  left: DiffLine[];
  right: DiffLine[];
  /** Lines on either side that the other lacks. */
  changedLines: number;
}

/**
 * Above this many cells (left lines × right lines) the LCS table is not built: the common prefix
 * and suffix are still matched and the middle is marked changed, so a pair of huge responses
 * costs linear time instead of freezing the page.
 */
export const LCS_CELL_LIMIT = 4_000_000;

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n');
}

/** Marks which lines of `a` and `b` are in a longest common subsequence; the rest changed. */
function lcsKeep(a: readonly string[], b: readonly string[]): { keepA: boolean[]; keepB: boolean[] } {
  const keepA = a.map(() => false);
  const keepB = b.map(() => false);
  const width = b.length + 1;
  // lengths[i][j] = LCS length of a[i..] and b[j..], flattened into one typed array.
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      keepA[i++] = true;
      keepB[j++] = true;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return { keepA, keepB };
}

/**
 * A line diff of two texts for a side-by-side view: every line of each side, marked changed when
 * it is not part of the longest common subsequence of lines. Line endings are normalised first,
 * so `\r\n` against `\n` is no difference.
 */
export function diffLines(leftText: string, rightText: string): LineDiff {
  const a = splitLines(leftText);
  const b = splitLines(rightText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const fits = midA.length * midB.length <= LCS_CELL_LIMIT;
  const { keepA, keepB } = fits ? lcsKeep(midA, midB) : { keepA: midA.map(() => false), keepB: midB.map(() => false) };
  const side = (lines: readonly string[], keep: readonly boolean[]): DiffLine[] =>
    lines.map((text, index) => ({ text, changed: index >= prefix && index < lines.length - suffix && !keep[index - prefix] }));
  const left = side(a, keepA);
  const right = side(b, keepB);
  const changedLines = [...left, ...right].filter((line) => line.changed).length;
  return { left, right, changedLines };
}
