import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../exporter/export.ts';
import { SURFACES } from '../../exporter/surfaces/registry.ts';
import { FIXTURES, memoryEffects, readFixtureFolder } from './memory-effects.ts';

/**
 * Golden surfaces: test/fixtures/ledgers/<case>/ exports to test/golden/<case>/, byte for byte.
 * A mismatch writes `<name>-changed.json` beside the golden file for diffing. Regenerate on
 * purpose with `UPDATE_GOLDEN=1 npx vitest run test/exporter` and review the diff.
 */
const GOLDEN = new URL('../golden/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

// Every surface, the statistics ones (comparisons, dual_scoring, pass_at_k) included; the paired
// fixture is the one whose comparisons have enough tasks to reach verdicts.
const CORE_SURFACES = SURFACES;

describe.each(['hand', 'bad', 'paired'])('golden export: %s', (name) => {
  it('matches test/golden/%s byte for byte', async () => {
    const effects = memoryEffects(readFixtureFolder(join(FIXTURES, name), 'ledgers'));
    await runExport({ ledgers: 'ledgers/**/*.jsonl', out: 'data', strict: false }, effects, CORE_SURFACES);
    expect(CORE_SURFACES.map((surface) => surface.name)).toEqual(expect.arrayContaining(['comparisons', 'dual_scoring', 'pass_at_k']));
    const folder = join(GOLDEN, name);
    if (UPDATE) rmSync(folder, { recursive: true, force: true });
    const mismatched: string[] = [];
    for (const [path, bytes] of effects.output) {
      const golden = join(folder, path);
      const changed = golden.replace(/(\.[a-z]+)$/, '-changed$1');
      if (UPDATE) {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, bytes);
        continue;
      }
      if (existsSync(golden) && Buffer.compare(readFileSync(golden), Buffer.from(bytes)) === 0) {
        rmSync(changed, { force: true });
        continue;
      }
      mkdirSync(dirname(changed), { recursive: true });
      writeFileSync(changed, bytes);
      mismatched.push(path);
    }
    expect(mismatched, 'differs from golden (see *-changed.json; UPDATE_GOLDEN=1 regenerates)').toEqual([]);
    const expected = listJson(folder).filter((path) => !path.endsWith('-changed.json'));
    expect(expected.sort()).toEqual([...effects.output.keys()].sort());
  });
});

function listJson(folder: string, prefix = ''): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listJson(join(folder, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}
