import { describe, expect, it } from 'vitest';
import { promptNames } from '../../core/python-names.ts';

const names = (source: string) => promptNames(source).map(({ name, kind, line }) => `${kind}:${name}@${line}`);

describe('promptNames', () => {
  it('imports: modules, aliases, dotted modules and from-import lists', () => {
    const source = [
      'import math',
      'import os.path, numpy as np',
      'from typing import List, Tuple as T',
      'from collections import (',
      '    Counter,',
      '    deque as dq)',
    ].join('\n');
    expect(names(source)).toEqual(['module:math@1', 'module:os@2', 'module:np@2', 'import:List@3', 'import:T@3', 'import:Counter@4', 'import:dq@4']);
  });

  it('definitions and top-level assignments, never names bound inside a function', () => {
    const source = [
      'def poly(xs: list, x: float):',
      '    inner = 1',
      '    return inner',
      '',
      'async def fetch(url):',
      '    pass',
      'class Node:',
      '    pass',
      'class Tree(Node):',
      '    pass',
      'LIMIT = 10',
      'a, b = 1, 2',
      'SCALE: float = 2.0',
      'a == b',
      'print(x=1)',
    ].join('\n');
    expect(names(source)).toEqual([
      'def:poly@1',
      'def:fetch@5',
      'class:Node@7',
      'class:Tree@9',
      'assign:LIMIT@11',
      'assign:a@12',
      'assign:b@12',
      'assign:SCALE@13',
    ]);
  });

  it('skips docstrings, comments and star imports', () => {
    const source = [
      '"""Module notes.',
      'import fake',
      'def ghost():',
      '"""',
      "'''one-line''' ",
      '# import commented',
      'from os import *',
      'def real(s):',
      '    """ doc',
      'LATE = 1',
      '    """',
    ].join('\n');
    expect(names(source)).toEqual(['def:real@8']);
  });

  it('keeps the binding line as written', () => {
    expect(promptNames('\n\nfrom typing import List\n')).toEqual([{ name: 'List', kind: 'import', line: 3, text: 'from typing import List' }]);
  });
});
