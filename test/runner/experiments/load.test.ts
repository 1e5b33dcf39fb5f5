import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../lib/cli-error.ts';
import { listBuiltInSuites, loadBuiltInSuite, parseTasksJsonl } from '../../../runner/experiments/load.ts';
import { loadSuites } from '../../../runner/experiments/suites.ts';
import { subsetByIds } from '../../../runner/experiments/subset.ts';
import { makeSuiteDir } from '../sweep/support.ts';

const manifest = { id: 'x', title: '', description: '', evaluator: 'numeric@1', tasks_file: 'tasks.jsonl', defaults: {}, source: 'original' };
const sources = (root: string, extra: Partial<Parameters<typeof loadSuites>[1]> = {}) => ({
  root,
  datasets: {},
  limit: null,
  sampleSeed: 0,
  cacheDir: join(root, '.cache'),
  ...extra,
});

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error('expected a CliError');
}

describe('built-in suites', () => {
  it('lists suite folders with a manifest, skipping _-prefixed ones', () => {
    const { root } = makeSuiteDir();
    mkdirSync(join(root, 'no_manifest'));
    expect(listBuiltInSuites(root)).toEqual(['tiny_math']);
  });

  it('loads a suite, resolving each task evaluator from the manifest', () => {
    const { root } = makeSuiteDir(3);
    const suite = loadBuiltInSuite(root, 'tiny_math');
    expect(suite.manifest).toMatchObject({ id: 'tiny_math', evaluator: 'numeric@1', defaults: { max_tokens: 64 } });
    expect(suite.tasks.map((t) => [t.id, t.evaluator, t.reference])).toEqual([
      ['sum_001', 'numeric@1', 11],
      ['sum_002', 'numeric@1', 12],
      ['sum_003', 'numeric@1', 13],
    ]);
  });

  it('names file:line and the field for a bad task line', () => {
    const ok = JSON.stringify({ id: 'a', family: 'f', prompt: 'p', reference: 1 });
    expect(message(() => parseTasksJsonl(`${ok}\n\n{"id":"b","family":"f","prompt":7}\n`, 'suite/tasks.jsonl', manifest))).toMatch(
      /^suite\/tasks\.jsonl:3: prompt: /,
    );
    expect(message(() => parseTasksJsonl(`${ok}\n{oops\n`, 't.jsonl', manifest))).toMatch(/^t\.jsonl:2: not valid JSON/);
    expect(message(() => parseTasksJsonl(`${ok}\n${ok}\n`, 't.jsonl', manifest))).toBe("t.jsonl:2: id: 'a' already used on line 1");
    expect(message(() => parseTasksJsonl('\n', 't.jsonl', manifest))).toMatch(/no tasks/);
    const override = parseTasksJsonl(JSON.stringify({ id: 'a', family: 'f', prompt: 'p', reference: {}, evaluator: 'fields@1' }), 't', manifest);
    expect(override[0]!.evaluator).toBe('fields@1');
  });

  it('names the manifest and field for a bad manifest', () => {
    const { root } = makeSuiteDir();
    writeFileSync(join(root, 'tiny_math', 'manifest.json'), JSON.stringify({ id: 'tiny_math', title: 't', description: 'd', evaluator: 'Numeric' }));
    expect(message(() => loadBuiltInSuite(root, 'tiny_math'))).toMatch(/tiny_math\/manifest\.json: evaluator: /);
    writeFileSync(join(root, 'tiny_math', 'manifest.json'), JSON.stringify({ id: 'other', title: 't', description: 'd', evaluator: 'numeric@1' }));
    expect(message(() => loadBuiltInSuite(root, 'tiny_math'))).toMatch(/id: 'other' does not match its folder 'tiny_math'/);
  });
});

describe('suite selection', () => {
  it('rejects an unknown experiment, listing the available ones', async () => {
    const { root } = makeSuiteDir();
    await expect(loadSuites(['nope'], sources(root))).rejects.toThrow(/unknown experiment 'nope'; available: tiny_math/);
  });

  it('applies --limit/--sample-seed to built-in suites deterministically', async () => {
    const { root } = makeSuiteDir(20);
    const pick = async (seed: number) => (await loadSuites(['tiny_math'], sources(root, { limit: 5, sampleSeed: seed })))[0]!.tasks.map((t) => t.id);
    const a = await pick(1);
    expect(a).toHaveLength(5);
    expect(await pick(1)).toEqual(a);
    expect([...a].sort()).toEqual(a);
    expect(await pick(2)).not.toEqual(a);
  });

  it('subsets by id, independent of position, and keeps original order', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `t${i}` }));
    const subset = subsetByIds(items, 10, 42);
    expect(subset).toHaveLength(10);
    expect(subset).toEqual(items.filter((item) => subset.includes(item)));
    const reversed = subsetByIds([...items].reverse(), 10, 42).map((item) => item.id);
    expect(new Set(reversed)).toEqual(new Set(subset.map((item) => item.id)));
    expect(subsetByIds(items, null, 42)).toEqual(items);
    expect(subsetByIds(items, 100, 42)).toEqual(items);
  });
});
