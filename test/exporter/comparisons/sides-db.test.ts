import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../core/paired/compare.ts';
import { DEFAULT_CANDIDATES_PATH, loadCandidates } from '../../../exporter/comparisons/candidates.ts';
import { dualScoringRows } from '../../../core/paired/dual-scoring.ts';
import { parseComparableRuns } from '../../../core/paired/run-row.ts';
import { loadSql, openDatabase } from '../../../exporter/duckdb.ts';
import { generatedFromOf } from '../../../exporter/export.ts';
import { loadLedgers } from '../../../exporter/ledgers/load.ts';
import { collectSides } from '../../../exporter/comparisons/side-store.ts';
import { buildComparisons } from '../../../exporter/surfaces/comparisons.ts';
import { buildDualScoring } from '../../../exporter/surfaces/dual_scoring.ts';
import { FIXTURES, memoryEffects, readFixtureFolder } from '../memory-effects.ts';

// The surfaces load one side (or one model and experiment) at a time; every run at once through
// comparisons_runs.sql is the reference they must reproduce exactly.
describe.each(['paired', 'e2e'])('side-by-side loading on the %s fixture', (fixture) => {
  it('comparisons.json and dual_scoring.json rows equal the all-runs computation', async () => {
    const db = await openDatabase();
    try {
      const effects = memoryEffects(readFixtureFolder(`${FIXTURES}${fixture}`, 'ledgers'));
      const loaded = await loadLedgers('ledgers/**/*.jsonl', effects, db);
      const context = { db, loaded, generatedFrom: generatedFromOf(loaded), options: {} };
      const all = parseComparableRuns(await db.query(loadSql('comparisons_runs')));
      const whole = compareRuns(all, { marginPoints: 5, holm: false, candidates: loadCandidates(DEFAULT_CANDIDATES_PATH) });
      const comparisons = await buildComparisons(context);
      expect(comparisons.rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(comparisons.rows)).toBe(JSON.stringify(whole.rows));
      expect(JSON.stringify(comparisons.recommendations)).toBe(JSON.stringify(whole.recommendations));
      // The store the export fills from the run pass holds every side exactly as the all-runs query orders it.
      const store = await collectSides(db);
      const sides = new Map<string, typeof all>();
      for (const r of all) {
        const key = JSON.stringify([r.model, r.experiment, r.arm, r.power_level]);
        sides.set(key, [...(sides.get(key) ?? []), r]);
      }
      expect(sides.size).toBeGreaterThan(1);
      for (const [key, runs] of sides) {
        const [model, experiment, arm, level] = JSON.parse(key) as string[];
        expect(store.side(model!, experiment!, arm!, level!)).toEqual(runs);
      }
      expect(store.side('no-such-model', 'x', 'y', 'z')).toEqual([]);
      const dual = await buildDualScoring(context);
      expect(dual.rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(dual.rows)).toBe(JSON.stringify(dualScoringRows(all.filter((r) => r.format_score !== null))));
    } finally {
      await db.close();
    }
  });
});
