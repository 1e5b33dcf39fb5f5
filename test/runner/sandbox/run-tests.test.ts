import { describe, expect, it } from 'vitest';
import { runTests } from '../../../runner/sandbox/run-tests.ts';

const tests = [
  { name: 'one', code: 'assert f(1) == 1' },
  { name: 'two', code: 'assert f(2) == 4' },
];

describe('runTests', () => {
  it('reports each test on its own, isolating names a test defines', async () => {
    const run = await runTests({
      source: 'def f(x):\n    return x * x\n',
      tests: [{ name: 'defines', code: 'helper = 5\nassert f(2) == 4' }, { name: 'cannot_see', code: 'helper' }, ...tests],
    });
    expect(run.tests.map((t) => [t.name, t.status])).toEqual([
      ['defines', 'passed'],
      ['cannot_see', 'error'],
      ['one', 'passed'],
      ['two', 'passed'],
    ]);
    expect(run.tests[1]!.error).toBe('NameError');
  });

  it('loads the candidate as a real module, so dataclasses with postponed annotations work', async () => {
    const source = [
      'from __future__ import annotations',
      'from dataclasses import dataclass',
      'from typing import ClassVar',
      '@dataclass',
      'class Box:',
      '    size: int',
      '    unit: ClassVar[str] = "cm"',
      'def f(x):',
      '    return Box(x * x).size',
    ].join('\n');
    const run = await runTests({ source, tests });
    expect(run.load_failure).toBeNull();
    expect(run.tests.map((t) => t.status)).toEqual(['passed', 'passed']);
  });

  it('reports a syntax error with its line and runs nothing', async () => {
    const run = await runTests({ source: 'x = 1\ndef f(x)\n    return x\n', tests });
    expect(run.syntax?.line).toBe(2);
    expect(run.tests).toEqual([]);
  });

  it('diverts what the candidate prints, so prints cannot break the protocol', async () => {
    const run = await runTests({ source: 'print("hello " * 10000)\ndef f(x):\n    print(x)\n    return x * x\n', tests });
    expect(run.tests.every((t) => t.status === 'passed')).toBe(true);
  });

  it('runs a later test after an earlier one times out', async () => {
    const run = await runTests(
      { source: 'def f(x):\n    while x == 1:\n        pass\n    return x * x\n', tests },
      { limits: { timeout_ms: 5000 }, per_test_s: 0.5 },
    );
    expect(run.tests.map((t) => t.status)).toEqual(['timeout', 'passed']);
  });

  it('counts sys.exit inside a test as an error and an exit at import as a load failure', async () => {
    const inTest = await runTests({ source: 'import sys\ndef f(x):\n    sys.exit(0)\n', tests });
    expect(inTest.tests.map((t) => t.error)).toEqual(['SystemExit', 'SystemExit']);
    const atImport = await runTests({ source: 'raise SystemExit(3)\n', tests });
    expect(atImport.load_failure).toMatchObject({ status: 'error', error: 'SystemExit' });
  });

  it('marks tests that never reported when the process dies hard', async () => {
    const run = await runTests({ source: 'import os\ndef f(x):\n    os._exit(0)\n', tests });
    expect(run.tests.map((t) => [t.status, t.error])).toEqual([
      ['error', 'Crash'],
      ['error', 'Crash'],
    ]);
  });

  it('runs the same program with the same limits once per process', async () => {
    const program = { source: 'import random\ndef f(x):\n    return x * x\n', tests };
    const first = await runTests(program);
    expect(await runTests({ ...program, tests: [...tests] })).toBe(first);
    expect(await runTests(program, { per_test_s: 2 })).not.toBe(first);
  });
});
