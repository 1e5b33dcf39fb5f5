/**
 * The names a Python prompt binds at module level, found without running Python: enough to tell
 * whether a `NameError` in a model's answer was for something the prompt itself supplied. A line
 * scanner, not a parser: it reads column-0 statements only (names bound inside functions are not
 * global), skips triple-quoted strings, and follows parenthesised `from … import (…)` lists.
 */

/** How a prompt binds a name. `module`: `import math` binds the module itself. */
export type PromptNameKind = 'module' | 'import' | 'def' | 'class' | 'assign';

/** One name the prompt binds, with the line that binds it (1-based, as written). */
export interface PromptName {
  name: string;
  kind: PromptNameKind;
  line: number;
  text: string;
}

const IDENT = /^[A-Za-z_]\w*$/;
const DEF = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;
const CLASS = /^class\s+([A-Za-z_]\w*)\s*[(:]/;
const IMPORT = /^import\s+(.+)$/;
const FROM_IMPORT = /^from\s+[\w.]+\s+import\s+(.+)$/;
// `a = 1`, `a, b = …`, `a: int = 1`, `(a, b) = …` — never `a == b` or a keyword argument.
const ASSIGN = /^\(?([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\)?\s*(?::[^=]+)?=(?!=)/;

/** `a, b as c` → the bound names with the text each came from. */
function importList(list: string): string[] {
  return list
    .replace(/#.*$/, '')
    .replace(/[()]/g, '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const alias = /\bas\s+([A-Za-z_]\w*)$/.exec(part);
      return alias ? alias[1]! : part;
    });
}

/** `import os.path, numpy as np` binds `os` and `np`. */
function importedModules(list: string): string[] {
  return importList(list).map((name) => name.split('.')[0]!);
}

/**
 * Lines outside triple-quoted strings, each with its 1-based number. A docstring's own lines
 * (`>>> from x import y`, examples at column 0) never count as the prompt's code.
 */
function codeLines(source: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let quote: '"""' | "'''" | null = null;
  for (const [index, text] of source.split(/\r?\n/).entries()) {
    let rest = text;
    let code = quote === null;
    while (rest.length > 0) {
      if (quote !== null) {
        const end = rest.indexOf(quote);
        if (end < 0) break;
        rest = rest.slice(end + 3);
        quote = null;
        continue;
      }
      const open = /"""|'''/.exec(rest);
      if (open === null) break;
      quote = open[0] as '"""' | "'''";
      rest = rest.slice(open.index + 3);
    }
    if (code) out.push({ text, line: index + 1 });
    code = false;
  }
  return out;
}

/** A `from x import (a,` list continued on the following lines, up to its `)`. */
function continuedImport(lines: readonly { text: string }[], start: number): { list: string; end: number } {
  let list = '';
  let end = start;
  for (; end < lines.length; end++) {
    list += ` ${lines[end]!.text}`;
    if (lines[end]!.text.includes(')')) break;
  }
  return { list, end };
}

/**
 * Every name the prompt binds at module level, in the order they appear. A star import binds
 * nothing this scanner can name, so it is skipped rather than guessed at.
 */
export function promptNames(source: string): PromptName[] {
  const names: PromptName[] = [];
  const lines = codeLines(source);
  const add = (list: readonly string[], kind: PromptNameKind, line: number, text: string) => {
    for (const name of list) if (IDENT.test(name)) names.push({ name, kind, line, text: text.trim() });
  };
  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i]!;
    if (/^\s/.test(text) || text.startsWith('#')) continue;
    const from = FROM_IMPORT.exec(text);
    if (from) {
      const opened = from[1]!.includes('(') && !from[1]!.includes(')');
      const { list, end } = opened ? continuedImport(lines, i) : { list: from[1]!, end: i };
      const bound = opened ? list.slice(list.indexOf(' import ') + 8) : list;
      if (!bound.includes('*')) add(importList(bound), 'import', line, text);
      i = end;
      continue;
    }
    const plain = IMPORT.exec(text);
    if (plain) {
      add(importedModules(plain[1]!), 'module', line, text);
      continue;
    }
    const def = DEF.exec(text) ?? CLASS.exec(text);
    if (def) {
      add([def[1]!], text.startsWith('class') ? 'class' : 'def', line, text);
      continue;
    }
    const assign = ASSIGN.exec(text);
    if (assign)
      add(
        assign[1]!.split(',').map((name) => name.trim()),
        'assign',
        line,
        text,
      );
  }
  return names;
}
