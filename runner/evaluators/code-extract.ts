/**
 * Finds the Python program in a model's answer. Pure. The rule is to never penalise a correct
 * answer for its shape: fenced, named-file, several-block, truncated and unfenced answers all work.
 */

/** One fenced (or named-file) block of the answer. */
export interface CodeBlock {
  code: string;
  /** The fence's language word, lower-case; '' for a bare fence. */
  lang: string;
  /** The file name from `FILE: name.py` (fence info or a header line), when given. */
  file: string | null;
  /** The fence never closed (the answer was cut off). */
  unclosed: boolean;
}

export interface ExtractedCode {
  code: string;
  method: 'fence' | 'file-block' | 'unfenced';
  file: string | null;
}

const PYTHON_LANGS = new Set(['', 'python', 'py', 'python3', 'py3', 'ipython']);
const OPEN_FENCE = /^\s*(`{3,}|~{3,})\s*(.*?)\s*$/;
const FILE_NAME = /FILE:\s*`?([\w./-]+)`?/i;
// A line holding only a file name label, e.g. `FILE: solution.py` or `**FILE: solution.py**`.
const FILE_HEADER = /^\s*(?:[#>*_]+\s*)?FILE:\s*`?([\w./-]+)`?\s*[*_]*\s*$/i;
// Lines with which a bare answer that *is* code begins.
const CODE_START = /^(?:def |async def |class |import |from \S+ import |@\w)/;
// Lines that can continue a bare program at column 0.
const CODE_LINE = new RegExp(
  [
    /^(?:def |async def |class |import |from |@|#|if |elif |else:|for |while |try:|except|finally:|with |return\b|raise\b|assert\b)/.source,
    // an assignment (`a = 1`, `x, y = ...`, `d["k"] += 1`) or a call (`main()`), never a prose sentence
    /^[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*[-+*/%|&^@]?=(?!=)/.source,
    /^[A-Za-z_][\w.]*\(/.source,
  ].join('|'),
);

/** Every fenced block of `text`, in order, with its language and file name. */
export function findCodeBlocks(text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN_FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const info = open[2]!;
    const fromInfo = FILE_NAME.exec(info);
    // `python title="x"`, `python:solution.py` and `python {.numberLines}` all mean python.
    const lang = fromInfo ? '' : (info.split(/[\s:{]/)[0] ?? '').toLowerCase();
    // A fence inside a list item is indented; its body carries the same indent, which is not code.
    const indent = /^\s*/.exec(lines[i]!)![0];
    const body: string[] = [];
    let j = i + 1;
    let closed = false;
    for (; j < lines.length; j++) {
      const line = lines[j]!.trim();
      if (line.length >= fence.length && line === fence[0]!.repeat(line.length)) {
        closed = true;
        break;
      }
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
    }
    blocks.push({ code: body.join('\n'), lang, file: fromInfo?.[1] ?? headerBefore(lines, i), unclosed: !closed });
    i = j;
  }
  return blocks;
}

// The `FILE: name` label on the nearest non-blank line above a fence, if there is one.
function headerBefore(lines: string[], fenceIndex: number): string | null {
  for (let k = fenceIndex - 1; k >= 0 && k >= fenceIndex - 3; k--) {
    const line = lines[k]!;
    if (line.trim() === '') continue;
    return FILE_HEADER.exec(line)?.[1] ?? null;
  }
  return null;
}

function isPythonBlock(block: CodeBlock): boolean {
  if (block.file !== null) return /\.py$/i.test(block.file);
  return PYTHON_LANGS.has(block.lang);
}

/** True when `code` defines `name` as a function, class or assigned callable. */
export function definesName(code: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${escaped}\\b|^${escaped}\\s*=`, 'm').test(code);
}

/**
 * The program in `response`: among Python blocks, the one defining `entryPoint` (a `solution.py`
 * file first, then the longest), else the longest; without fences, the answer itself when it is
 * code. Null when there is nothing that could be a program.
 */
export function extractCode(response: string, options: { entryPoint?: string } = {}): ExtractedCode | null {
  const text = stripThinking(response);
  const blocks = findCodeBlocks(text).filter((b) => isPythonBlock(b) && b.code.trim() !== '');
  if (blocks.length > 0) {
    const defining = options.entryPoint ? blocks.filter((b) => definesName(b.code, options.entryPoint!)) : [];
    const pool = defining.length > 0 ? defining : blocks;
    const best = [...pool].sort((a, b) => rank(b) - rank(a) || b.code.length - a.code.length)[0]!;
    return { code: best.code, method: best.file ? 'file-block' : 'fence', file: best.file };
  }
  const bare = unfencedCode(text);
  return bare === null ? null : { code: bare, method: 'unfenced', file: null };
}

// A named `solution.py`-like file beats an anonymous block of the same standing.
function rank(block: CodeBlock): number {
  if (block.file === null) return 0;
  return /(^|\/)test_|_test\.py$/i.test(block.file) ? -1 : 1;
}

// An answer without fences that is code: from its first code-like line, as long as the lines stay
// code (indented, blank, or a statement at column 0); trailing prose is dropped.
function unfencedCode(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => CODE_START.test(line));
  if (start < 0) return null;
  let end = start;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (/^\s/.test(line) || CODE_LINE.test(line)) end = i;
    else break;
  }
  return lines.slice(start, end + 1).join('\n');
}

// Reasoning models sometimes inline their thinking; code drafted there is not the answer.
function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/^[\s\S]*?<\/think>/i, '');
}
