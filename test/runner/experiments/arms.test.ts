import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyArm, checkTemplate, listArms, loadArm } from '../../../runner/arms.ts';
import { makeSuiteDir } from '../sweep/support.ts';

describe('arms', () => {
  it('loads a template without its final newline and lists the others when unknown', () => {
    const { arms } = makeSuiteDir();
    expect(loadArm('plain', arms)).toEqual({ name: 'plain', template: '{{prompt}}' });
    expect(listArms(arms)).toEqual(['plain', 'terse']);
    expect(() => loadArm('contract', arms)).toThrow(/unknown arm 'contract'; available: plain, terse/);
    expect(() => loadArm('../plain', arms)).toThrow(/unknown arm/);
  });

  it('the shipped plain arm is the prompt unchanged', () => {
    const plain = loadArm('plain');
    const prompt = 'What is 2 + 2?\nAnswer: <number>';
    expect(applyArm(plain, { prompt, reference: 4 })).toBe(prompt);
  });

  it('fills {{prompt}} and {{entry_point}} literally', () => {
    const arm = { name: 'c', template: 'Write {{ entry_point }}.\n{{prompt}}\nFILE: solution.py' };
    expect(applyArm(arm, { prompt: 'Sum $& two $1 numbers', reference: { entry_point: 'add' } })).toBe('Write add.\nSum $& two $1 numbers\nFILE: solution.py');
    expect(applyArm(arm, { prompt: 'p', reference: 3, settings: { entry_point: 'f' } })).toBe('Write f.\np\nFILE: solution.py');
    expect(applyArm(arm, { prompt: 'p', reference: null })).toBe('Write the requested function.\np\nFILE: solution.py');
  });

  it('rejects a template with an unknown placeholder or no prompt', () => {
    expect(() => checkTemplate('{{prompt}} {{language}}', 'a.md')).toThrow('a.md: unknown placeholder {{language}}');
    expect(() => checkTemplate('no prompt here', 'b.md')).toThrow('b.md: the template has no {{prompt}} placeholder');
    const { arms } = makeSuiteDir();
    writeFileSync(join(arms, 'broken.md'), 'hello {{nope}}\n');
    expect(() => loadArm('broken', arms)).toThrow(/broken\.md: unknown placeholder \{\{nope\}\}/);
  });
});
