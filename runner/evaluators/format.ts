import { extractCode, findCodeBlocks } from './code-extract.ts';

/**
 * The format scorer: did the answer have the *shape* the contract arm asks for? It never runs the
 * code, and the executor never looks at it: the two scores are independent by construction
 * (docs/dual-scoring.md). Pure.
 */

/** Weights of the three parts; they sum to 1. The file block is the contract's core ask. */
export const FORMAT_WEIGHTS = { file_block: 0.4, parses: 0.3, run_instruction: 0.3 } as const;

export interface FormatScore {
  score: number;
  parts: { file_block: boolean; parses: boolean; run_instruction: boolean };
}

export interface FormatOptions {
  entryPoint?: string;
  /**
   * Whether the extracted code compiled, when the executor already knows (its `compile()` is the
   * truth); otherwise a cheap heuristic decides.
   */
  parses?: boolean;
}

// How an answer says how to run it: a command line, a pytest call, or a "Run:" label.
const RUN_INSTRUCTION = [/\bpython3?\s+(?:-m\s+[\w.]+|[\w./-]+\.py)\b/, /\bpytest\b/, /^\s*(?:[#>*_]+\s*)?(?:to run|how to run|run|usage)\b[^\n]{0,40}:/im];

export function scoreFormat(response: string, options: FormatOptions = {}): FormatScore {
  const fileBlock = findCodeBlocks(response).some((b) => b.file !== null && /\.py$/i.test(b.file) && b.code.trim() !== '');
  const extracted = extractCode(response, { entryPoint: options.entryPoint });
  const parses = extracted !== null && (options.parses ?? looksParsable(extracted.code));
  const runInstruction = RUN_INSTRUCTION.some((pattern) => pattern.test(response));
  const parts = { file_block: fileBlock, parses, run_instruction: runInstruction };
  const score = (fileBlock ? FORMAT_WEIGHTS.file_block : 0) + (parses ? FORMAT_WEIGHTS.parses : 0) + (runInstruction ? FORMAT_WEIGHTS.run_instruction : 0);
  return { score: Math.round(score * 1000) / 1000, parts };
}

/**
 * A cheap stand-in for `compile()`: brackets balance outside strings and comments, no string is
 * left open, and some line is a statement. It accepts some broken programs; the executor's own
 * parse result replaces it whenever there is one.
 */
export function looksParsable(code: string): boolean {
  const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (ch === '#') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = code.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      let j = i + quote.length;
      while (j < code.length && !code.startsWith(quote, j)) {
        if (code[j] === '\\') j++;
        else if (!triple && code[j] === '\n') return false;
        j++;
      }
      if (j >= code.length) return false;
      i = j + quote.length;
      continue;
    }
    if ('([{'.includes(ch)) stack.push(ch);
    if (ch in closing && stack.pop() !== closing[ch]) return false;
    i++;
  }
  return stack.length === 0 && /^\s*(?:def|class|import|from|return|[A-Za-z_]\w*\s*[=(])/m.test(code);
}
