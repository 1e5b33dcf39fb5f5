import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatusFlags } from '../../../runner/commands/status.ts';
import { parseRunFlags } from '../../../runner/sweep/flags.ts';
import { optionsFromFlags, runTarget } from '../../../runner/sweep/options.ts';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'sharding.md'), 'utf8');

/** The fenced code blocks of one `### ` recipe, with shell line continuations joined. */
function recipe(title: string): string {
  const start = DOC.indexOf(`### ${title}`);
  expect(start, `docs/sharding.md has no recipe '${title}'`).toBeGreaterThan(-1);
  const end = DOC.indexOf('\n### ', start + 1);
  const section = DOC.slice(start, end === -1 ? undefined : end);
  const blocks = [...section.matchAll(/```\w*\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks.join('\n').replace(/\\\n\s*/g, '');
}

/** Every `npx ledgerbench <command> …` in the text, as the rest of its line. */
function commands(text: string, command: string): string[] {
  return [...text.matchAll(new RegExp(`npx ledgerbench ${command} ([^\\n]*)`, 'g'))].map((match) => match[1]!.trim());
}

/**
 * Splits a command line as sh would for these recipes: single and double quotes, `$NAME` and
 * GitHub's `${{ expr }}` expanded from `vars`. An unknown variable fails the test, so a recipe
 * never depends on something it does not set.
 */
function words(line: string, vars: Record<string, string>): string[] {
  const expanded = line.replace(/\$\{\{\s*([\w.]+)\s*\}\}|\$(\w+)/g, (_, expr: string | undefined, name: string | undefined) => {
    const key = (expr ?? name)!;
    if (!(key in vars)) throw new Error(`the recipe uses ${key}, which this test does not set`);
    return vars[key]!;
  });
  const out: string[] = [];
  for (const match of expanded.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(match[1] ?? match[2] ?? match[3]!);
  return out;
}

/** Parses a run command exactly as `ledgerbench run` would, and returns its shard. */
function parseRun(argv: string[]) {
  const flags = parseRunFlags(argv);
  const target = runTarget(flags);
  if (target.resume === null) optionsFromFlags(flags);
  return target;
}

describe('docs/sharding.md recipes parse with the real flag parser', () => {
  it('Slurm: every array task id makes its own 0-based part of 4, start and resume alike', () => {
    const text = recipe('Slurm job array');
    const [, from, to] = /#SBATCH --array=(\d+)-(\d+)/.exec(text)!;
    const sweep = /^SWEEP=(\S+)$/m.exec(text)![1]!;
    const runs = commands(text, 'run');
    expect(runs).toHaveLength(2);
    for (let id = Number(from); id <= Number(to); id++) {
      const vars = { SLURM_ARRAY_TASK_ID: String(id), K: String(id), SWEEP: sweep };
      const targets = runs.map((line) => parseRun(words(line, vars)));
      expect(targets.map((target) => target.shard)).toEqual([
        { index: id, count: 4 },
        { index: id, count: 4 },
      ]);
      expect(targets[0]!.resume).toBe(sweep);
      expect(targets[1]!.sweepId).toBe(sweep);
    }
    expect(Number(to) - Number(from) + 1).toBe(4);
    // The status line printed in the text under the recipe parses too.
    const status = commands(DOC.slice(DOC.indexOf('### Slurm job array')), 'status')[0]!.replace(/`.*$/, '');
    expect(parseStatusFlags(words(status, {}))).toMatchObject({ sweep: sweep, ledgers: ['ledgers'] });
  });

  it('Kubernetes Indexed Job: each JOB_COMPLETION_INDEX from 0 to completions - 1 is one part', () => {
    const text = recipe('Kubernetes Indexed Job');
    expect(text).toContain('completionMode: Indexed');
    const completions = Number(/completions: (\d+)/.exec(text)![1]);
    const runs = commands(text, 'run');
    expect(runs).toHaveLength(2);
    for (let index = 0; index < completions; index++) {
      const targets = runs.map((line) => parseRun(words(line, { JOB_COMPLETION_INDEX: String(index) })));
      for (const target of targets) expect(target.shard).toEqual({ index, count: completions });
    }
  });

  it('GitHub Actions matrix: every listed value is one part; the collect job runs status on the same sweep id', () => {
    const text = recipe('GitHub Actions matrix');
    const values = JSON.parse(/shard: (\[[\d, ]+\])/.exec(text)![1]!) as number[];
    expect(values).toEqual([0, 1, 2, 3]);
    const [run] = commands(text, 'run');
    for (const value of values) {
      const target = parseRun(words(run!, { 'matrix.shard': String(value), 'github.run_id': '4242' }));
      expect(target).toMatchObject({ shard: { index: value, count: values.length }, sweepId: 'ci-4242', ledgersDir: 'ledgers/ci' });
    }
    const [status] = commands(text, 'status');
    expect(parseStatusFlags(words(status!, { 'github.run_id': '4242' }))).toMatchObject({ sweep: 'ci-4242', ledgers: ['ledgers/ci'] });
  });
});
