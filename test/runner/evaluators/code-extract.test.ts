import { describe, expect, it } from 'vitest';
import { definesName, extractCode, findCodeBlocks } from '../../../runner/evaluators/code-extract.ts';

const fence = '```';
const solution = 'def add(a, b):\n    return a + b';

describe('extractCode', () => {
  const cases: Array<{ name: string; response: string; code: string | null; method?: string; file?: string | null }> = [
    { name: 'python fence', response: `Here you go:\n${fence}python\n${solution}\n${fence}\nDone.`, code: solution, method: 'fence' },
    { name: 'py fence', response: `${fence}py\n${solution}\n${fence}`, code: solution, method: 'fence' },
    { name: 'bare fence', response: `${fence}\n${solution}\n${fence}`, code: solution, method: 'fence' },
    { name: 'tilde fence', response: `~~~python\n${solution}\n~~~`, code: solution, method: 'fence' },
    { name: 'FILE fence', response: `${fence}FILE: solution.py\n${solution}\n${fence}`, code: solution, method: 'file-block', file: 'solution.py' },
    {
      name: 'FILE header line then fence',
      response: `**FILE: solution.py**\n\n${fence}python\n${solution}\n${fence}`,
      code: solution,
      method: 'file-block',
      file: 'solution.py',
    },
    { name: 'fence with attributes after the language', response: `${fence}python:solution.py\n${solution}\n${fence}`, code: solution, method: 'fence' },
    {
      name: 'fence indented inside a list item',
      response: `1. The code:\n   ${fence}python\n   ${solution.replace('\n', '\n   ')}\n   ${fence}`,
      code: solution,
      method: 'fence',
    },
    { name: 'unclosed fence (cut off)', response: `${fence}python\n${solution}\n`, code: `${solution}\n`, method: 'fence' },
    { name: 'unfenced code', response: `${solution}\n`, code: solution, method: 'unfenced' },
    {
      name: 'unfenced code with prose after',
      response: `import math\n\n${solution}\n\nThis function adds two numbers.`,
      code: `import math\n\n${solution}`,
      method: 'unfenced',
    },
    {
      name: 'unfenced code, then prose with parentheses and a call',
      response: `${solution}\nresult = add(1, 2)\nprint(result)\nThis prints 3 (the sum).`,
      code: `${solution}\nresult = add(1, 2)\nprint(result)`,
      method: 'unfenced',
    },
    { name: 'prose only', response: 'I would add the two numbers together.', code: null },
    { name: 'empty', response: '', code: null },
    { name: 'only a shell block', response: `${fence}bash\npython3 solution.py\n${fence}`, code: null },
    {
      name: 'thinking is not the answer',
      response: `<think>\n${fence}python\ndef add(a, b):\n    pass\n${fence}\n</think>\n${fence}python\n${solution}\n${fence}`,
      code: solution,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const extracted = extractCode(c.response, { entryPoint: 'add' });
      if (c.code === null) {
        expect(extracted).toBeNull();
        return;
      }
      expect(extracted?.code).toBe(c.code);
      if (c.method) expect(extracted?.method).toBe(c.method);
      if (c.file !== undefined) expect(extracted?.file).toBe(c.file);
    });
  }

  it('picks the block that defines the entry point over a longer usage example', () => {
    const usage = 'numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9]\nfor n in numbers:\n    print(add(n, n), add(n, 1), add(1, n))';
    const response = `${fence}python\n${solution}\n${fence}\nUsage:\n${fence}python\n${usage}\n${fence}`;
    expect(extractCode(response, { entryPoint: 'add' })?.code).toBe(solution);
  });

  it('prefers solution.py over a test file that also mentions the entry point', () => {
    const tests = 'from solution import add\n\ndef add_test():\n    assert add(1, 2) == 3\n\ndef add(a, b):  # shadow for a fixture\n    return 0';
    const response = `${fence}FILE: test_solution.py\n${tests}\n${fence}\n${fence}FILE: solution.py\n${solution}\n${fence}`;
    expect(extractCode(response, { entryPoint: 'add' })).toEqual({ code: solution, method: 'file-block', file: 'solution.py' });
  });

  it('without an entry point, takes the longest Python block', () => {
    const response = `${fence}python\nx = 1\n${fence}\n${fence}python\n${solution}\n${fence}`;
    expect(extractCode(response)?.code).toBe(solution);
  });
});

describe('findCodeBlocks', () => {
  it('reads language, file name and whether the fence closed', () => {
    const blocks = findCodeBlocks(`${fence}python\na = 1\n${fence}\nFILE: util.py\n${fence}\nb = 2\n${fence}\n${fence}js\nlet c`);
    expect(blocks).toEqual([
      { code: 'a = 1', lang: 'python', file: null, unclosed: false },
      { code: 'b = 2', lang: '', file: 'util.py', unclosed: false },
      { code: 'let c', lang: 'js', file: null, unclosed: true },
    ]);
  });
});

describe('definesName', () => {
  it('finds def, async def, class and assignment, not calls or longer names', () => {
    expect(definesName('def add(a):\n  pass', 'add')).toBe(true);
    expect(definesName('async def add(a):\n  pass', 'add')).toBe(true);
    expect(definesName('class add:\n  pass', 'add')).toBe(true);
    expect(definesName('add = lambda a: a', 'add')).toBe(true);
    expect(definesName('print(add(1))', 'add')).toBe(false);
    expect(definesName('def add_all(a):\n  pass', 'add')).toBe(false);
  });
});
