import { pick, type Random } from './random.ts';
import type { Outcome } from './outcome.ts';
import type { SimReply } from './numeric-answer.ts';

/**
 * Writes a reply to a coding task from its reference solution: right, or broken the ways generated code
 * breaks (a missing colon, an early wrong return, a stub that raises, prose without code), in the shape
 * the model habitually uses — or, under a contract arm it follows, as a named FILE block with a run line.
 */
export function codeReply(
  solution: string | undefined,
  entryPoint: string | undefined,
  outcome: Outcome,
  options: { random: Random; verbosity: number; followsContract: boolean },
): SimReply {
  const { random, verbosity, followsContract } = options;
  if (outcome === 'malformed' || solution === undefined) {
    return {
      text: 'To solve this, iterate over the input once, keep a running result, and take care with empty inputs.',
      done_reason: 'stop',
    };
  }
  const code = outcome === 'correct' ? solution : breakCode(solution, entryPoint, random);
  const explanation = Array.from({ length: Math.round(verbosity * random()) }, () => pick(random, EXPLANATIONS));
  const body = followsContract ? contractShape(code) : plainShape(code, random);
  return { text: ['Here is an implementation.', body, ...explanation].join('\n\n'), done_reason: 'stop' };
}

const EXPLANATIONS = [
  'The function handles the empty case first and then processes the input in a single pass.',
  'Edge cases such as negative values are handled explicitly.',
  'The approach runs in linear time in the size of the input.',
];

function contractShape(code: string): string {
  return ['```FILE: solution.py', code.trimEnd(), '```', '', 'Run it with:', '```', 'python3 solution.py', '```'].join('\n');
}

function plainShape(code: string, random: Random): string {
  const fence = pick(random, ['```python', '```python', '```py', '```']);
  return `${fence}\n${code.trimEnd()}\n\`\`\``;
}

/** Breaks the function named `entryPoint` (or the first def) in one realistic way. */
export function breakCode(source: string, entryPoint: string | undefined, random: Random): string {
  const lines = source.split('\n');
  const name = entryPoint ?? /def\s+(\w+)/.exec(source)?.[1];
  const defIndex = lines.findIndex((line) => name !== undefined && new RegExp(`^\\s*def\\s+${name}\\s*\\(`).test(line));
  if (defIndex < 0) return source.replace(/:\s*$/m, '');
  const defEnd = lines.findIndex((line, i) => i >= defIndex && /\)\s*(->[^:]*)?:\s*(#.*)?$/.test(line));
  const headerEnd = defEnd < 0 ? defIndex : defEnd;
  const indent = (/^(\s*)/.exec(lines[defIndex]!)?.[1] ?? '') + '    ';
  switch (Math.floor(random() * 4)) {
    case 0: // A missing colon: a syntax error.
      lines[headerEnd] = lines[headerEnd]!.replace(/:(\s*(#.*)?)$/, '$1');
      return lines.join('\n');
    case 1: // A stub left in: a runtime error.
      lines.splice(headerEnd + 1, 0, `${indent}raise NotImplementedError("edge cases not handled yet")`);
      return lines.join('\n');
    default: // An early, wrong return: runs, but gives the wrong answer.
      lines.splice(headerEnd + 1, 0, `${indent}return None`);
      return lines.join('\n');
  }
}
