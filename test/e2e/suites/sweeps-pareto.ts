import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, SCREENSHOTS, buildSite, deepQuery, deepText, exportLedgers, openPage, serve, type Site } from '../harness.ts';
import { ComparisonsSchema } from '../../../schema/surfaces/comparisons.ts';
import { ComparisonPairsSchema, ComparisonPairsShardSchema } from '../../../schema/surfaces/comparison-pairs.ts';
import { decodePairRuns } from '../../../core/paired/pair-runs.ts';
import { comparisonsForSweeps } from '../../../ui/logic/sweep-paired.ts';
import { ModelRankingsSchema } from '../../../schema/surfaces/model-rankings.ts';
import { modelColours } from '../../../core/palette.ts';
import { ParetoFrontiersSchema } from '../../../schema/surfaces/pareto-frontiers.ts';
import { comparisonArgs, comparisonKeyOf, formatHash } from '../../../ui/state/route.ts';

/**
 * The sweep selector, the Pareto view of every configuration, and bad input on each route. The
 * main fixture is one sweep, so this suite exports its own two: the fixture's simulated runs as
 * a second, simulated sweep on another host and day. Two variants of it stand for an export from
 * before sweeps.json existed and for a sweep_sums.json that fails its schema.
 */
const SIM_SWEEP = 'fixture-sim-sweep';

// Plot's legend swatches ([label, colour]) in every shadow root; a string, so no transpiler helper reaches the page.
const SWATCHES = `(() => {
  const out = [];
  const walk = (root) => {
    root.querySelectorAll('[class$="-swatch"]').forEach((el) => {
      const svg = el.querySelector('svg');
      if (svg) out.push([el.textContent.trim(), svg.getAttribute('fill')]);
    });
    root.querySelectorAll('*').forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
  };
  walk(document);
  return out;
})()`;

interface SweepSite {
  url: string;
  oldUrl: string;
  badSumsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

async function twoSweepLedger(to: string): Promise<void> {
  const lines = (await readFile(path.join(REPO, 'test/fixtures/ledgers/e2e/e2e.jsonl'), 'utf8')).split('\n').filter((line) => line !== '');
  const moved = lines.map((line) => {
    const record = JSON.parse(line) as { simulated: boolean; sweep_id: string; recorded_at: string; host: { hostname: string } };
    if (!record.simulated) return line;
    record.sweep_id = SIM_SWEEP;
    record.host.hostname = 'sim-host';
    record.recorded_at = record.recorded_at.replace('2026-11-20', '2026-11-21');
    return JSON.stringify(record);
  });
  await writeFile(to, `${moved.join('\n')}\n`);
}

async function startSweepSite(): Promise<SweepSite> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-sweeps-'));
  await mkdir(path.join(work, 'ledgers'));
  await twoSweepLedger(path.join(work, 'ledgers/two-sweeps.jsonl'));
  const dataDir = path.join(work, 'data');
  await exportLedgers(path.join(work, 'ledgers/*.jsonl'), dataDir);
  const dist = path.join(work, 'dist');
  await buildSite(dataDir, dist);
  const old = path.join(work, 'dist-old');
  await cp(dist, old, { recursive: true });
  // An export from before the sweep surfaces: neither file, and the manifest does not list them.
  const indexFile = path.join(old, 'data/index.json');
  const index = JSON.parse(await readFile(indexFile, 'utf8')) as { files: { path: string }[] };
  index.files = index.files.filter((file) => file.path !== 'sweeps.json' && file.path !== 'sweep_sums.json');
  await writeFile(indexFile, JSON.stringify(index));
  await rm(path.join(old, 'data/sweeps.json'));
  await rm(path.join(old, 'data/sweep_sums.json'));
  const badSums = path.join(work, 'dist-bad-sums');
  await cp(dist, badSums, { recursive: true });
  const sumsFile = path.join(badSums, 'data/sweep_sums.json');
  const sums = JSON.parse(await readFile(sumsFile, 'utf8')) as { rows: Record<string, unknown>[] };
  sums.rows[0]!.runs = 'many';
  await writeFile(sumsFile, JSON.stringify(sums));
  const servers: { url: string; server: PreviewServer }[] = await Promise.all([serve(dist, '/lb/'), serve(old, '/lb/'), serve(badSums, '/lb/')]);
  return {
    url: servers[0]!.url,
    oldUrl: servers[1]!.url,
    badSumsUrl: servers[2]!.url,
    dataDir,
    async close() {
      await Promise.all(servers.map((entry) => entry.server.close()));
      await rm(work, { recursive: true, force: true });
    },
  };
}

export function sweepsParetoSuite(site: () => Site): void {
  describe('sweep selector, Pareto of every configuration, bad input', () => {
    let sweeps: SweepSite | undefined;
    const own = (): SweepSite => {
      if (!sweeps) throw new Error('the two-sweep site did not start; see the beforeAll error');
      return sweeps;
    };
    beforeAll(async () => {
      sweeps = await startSweepSite();
    }, 180_000);
    afterAll(async () => {
      await sweeps?.close();
    });

    it('lists the sweeps by id, day and host, flags the simulated one, and every page says which sweeps are in view', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${own().url}#/models`);
      await page.locator('#models-table tbody tr').first().waitFor();
      const options = await page.locator('select[name="sweep"] option').allTextContents();
      expect(options).toEqual([`${SIM_SWEEP} · 2026-11-21 · sim-host (simulated)`, 'fixture-sweep · 2026-11-20 · fixture-host']);
      for (const hash of ['#/leaderboard', '#/pareto', '#/comparisons', '#/heatmap', '#/json']) {
        await page.goto(`${own().url}${hash}`);
        await page.locator('#sweep-scope').waitFor();
        expect((await page.locator('#sweep-scope').textContent())?.replace(/\s+/g, ' ')).toContain('Sweeps in view: all 2:');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a sweep picked in the selector goes into the hash and filters the pooled views', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${own().url}#/models`);
      await page.locator('#models-table tbody tr').first().waitFor();
      const allRows = await page.locator('#models-table tbody tr').count();
      await page.locator('select[name="sweep"]').selectOption([SIM_SWEEP]);
      await page.waitForFunction(`location.hash.includes("sweep=${SIM_SWEEP}")`);
      await page.locator('#sweep-scope').filter({ hasText: '1 of 2' }).waitFor();
      const rows = page.locator('#models-table tbody tr');
      await expect
        .poll(async () => {
          const count = await rows.count();
          return count > 0 && count < allRows;
        })
        .toBe(true);
      // Only the simulated model ran in that sweep: every row left is flagged simulated.
      const models = await page.locator('#models-table tbody tr td:first-child').allTextContents();
      expect(models.length).toBeGreaterThan(0);
      for (const cell of models) expect(cell).toContain('sim:fixture-sim');
      expect(await page.locator('#sweep-scope .chip.sim').count()).toBe(1);
      // A link to another view keeps the selection; the Pareto frontier is then over what is left.
      await page.goto(`${own().url}#/pareto?sweep=${SIM_SWEEP}`);
      await page.locator('#pareto-scope').waitFor();
      expect(await page.locator('#pareto-scope').textContent()).toContain('the frontier is over the configurations the filters leave');
      for (const cell of await page.locator('#pareto-table tbody tr td:first-child').allTextContents()) expect(cell).toContain('sim:fixture-sim');
      // The heatmap pools the same per-sweep sums: only the simulated model's cells are left.
      await page.goto(`${own().url}#/heatmap?sweep=${SIM_SWEEP}`);
      // The table of values sits folded under the chart: attached, not visible.
      await page.locator('#heatmap-table').waitFor({ state: 'attached' });
      const heat = (await page.locator('#heatmap-table').textContent()) ?? '';
      expect(heat).toContain('sim:fixture-sim');
      expect(heat).not.toContain('org/fixture-coder:7b');
      expect(await page.locator('#sweep-all').count()).toBe(0);
      await page.goto(`${own().url}#/tasks?sweep=${SIM_SWEEP}`);
      await page.locator('#registry-all-sweeps').waitFor();
      expect(await page.locator('#sweep-all').count()).toBe(0);
      // The model page pools its suites, tasks, power curve and failure mix.
      await page.goto(`${own().url}#/model/sim%3Afixture-sim?sweep=${SIM_SWEEP}`);
      await page.locator('#suite-chart svg').first().waitFor();
      expect(await page.locator('#failures-all-sweeps').count()).toBe(0);
      expect(await page.locator('#sweep-all').count()).toBe(0);
      // Failures and pass@k pool per-sweep rows: only the simulated model is left, and no page says it is over all sweeps.
      await page.goto(`${own().url}#/failures?sweep=${SIM_SWEEP}`);
      await page.locator('#failure-matrix').waitFor();
      expect(await page.locator('#sweep-all').count()).toBe(0);
      const failing = await page.locator('#failure-matrix thead th a').allTextContents();
      expect(failing.length).toBeGreaterThan(0);
      for (const cell of failing) expect(cell).toContain('sim:fixture-sim');
      await page.goto(`${own().url}#/passk?sweep=${SIM_SWEEP}`);
      await page.locator('#passk-table tbody tr').first().waitFor();
      expect(await page.locator('#sweep-all').count()).toBe(0);
      for (const cell of await page.locator('#passk-table tbody tr td:first-child').allTextContents()) expect(cell).toContain('sim:fixture-sim');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('comparisons, verdict and pair pages recompute the paired statistics for a sweep subset', async () => {
      const { page, errors } = await openPage(site().browser);
      const dataDir = own().dataDir;
      const pairs = ComparisonPairsSchema.parse(JSON.parse(await readFile(path.join(dataDir, 'comparison_pairs.json'), 'utf8')));
      const load = async (file: string) => decodePairRuns(ComparisonPairsShardSchema.parse(JSON.parse(await readFile(path.join(dataDir, file), 'utf8'))));
      const sweep = 'fixture-sweep';
      const expected = await comparisonsForSweeps(pairs, [sweep], load);
      const whole = ComparisonsSchema.parse(JSON.parse(await readFile(path.join(dataDir, 'comparisons.json'), 'utf8')));
      expect(expected.rows.length).toBeGreaterThan(0);
      expect(expected.rows.length).toBeLessThanOrEqual(whole.rows.length);
      await page.goto(`${own().url}#/comparisons?sweep=${sweep}`);
      await page.locator('#comparisons-table').waitFor();
      expect(await page.locator('#sweep-recomputed').textContent()).toContain('Paired statistics recomputed for the 1 selected sweeps.');
      expect(await page.locator('#sweep-all').count()).toBe(0);
      expect(await page.locator('#comparisons-table caption').textContent()).toContain(`${expected.rows.length} comparisons`);
      // The verdict of the comparison with the most discordant tasks, and the first of them side by side.
      const row = [...expected.rows].sort((a, b) => b.original_only + b.candidate_only - (a.original_only + a.candidate_only))[0]!;
      const key = comparisonKeyOf(row);
      await page.goto(`${own().url}${formatHash({ view: 'verdict', args: comparisonArgs(key), query: { sweep } })}`);
      await page.locator('#pair-counts').waitFor();
      expect(await page.locator('#sweep-recomputed').count()).toBe(1);
      for (const field of ['both_pass', 'original_only', 'candidate_only', 'both_fail', 'pairs'] as const) {
        expect(await page.locator(`#pair-counts [data-count="${field}"] strong`).textContent()).toBe(String(row[field]));
      }
      expect((await page.locator('#verdict').textContent())?.trim()).toBe(row.verdict.replaceAll('_', ' '));
      expect(await page.locator('#verdict-reason').textContent()).toBe(row.verdict_reason);
      const task = row.discordant.lost[0] ?? row.discordant.won[0];
      expect(task, 'the fixture sweep has a discordant task to open').toBeDefined();
      {
        await page.locator('#lost-tasks a, #won-tasks a').first().click();
        await page.locator('#pair-outcome').waitFor();
        const lost = row.discordant.lost.includes(task);
        const outcome = (await page.locator('#pair-outcome').textContent())?.replace(/\s+/g, ' ') ?? '';
        expect(outcome).toContain(`original ${lost ? 'passes' : 'fails'}, candidate ${lost ? 'fails' : 'passes'}`);
        // Every run shown side by side is one of the selected sweep's.
        const inSweep = new Set(
          (await Promise.all(pairs.sides.flatMap((side) => side.files).map(load)))
            .flat()
            .filter((run) => run.sweep_id === sweep)
            .map((run) => run.run_id),
        );
        const shown = await page.locator('article.side').evaluateAll((els) => els.map((el) => el.getAttribute('data-run-id')));
        expect(shown.length).toBeGreaterThan(0);
        for (const id of shown) expect(inSweep.has(id!)).toBe(true);
      }
      // The leaderboard ranks with the recomputed verdicts; dual scoring recomputes its paired deltas.
      await page.goto(`${own().url}#/leaderboard?sweep=${sweep}`);
      await page.locator('#sweep-recomputed').waitFor();
      expect(await page.locator('#paired-missing').count()).toBe(0);
      await page.goto(`${own().url}#/dual?sweep=${sweep}`);
      await page.locator('#sweep-recomputed').waitFor();
      expect(await page.locator('#sweep-all').count()).toBe(0);
      // The simulated sweep alone: its comparisons (or the one sentence saying it has none).
      const simulated = await comparisonsForSweeps(pairs, [SIM_SWEEP], load);
      await page.goto(`${own().url}#/comparisons?sweep=${SIM_SWEEP}`);
      if (simulated.rows.length === 0) {
        await page.locator('#empty-comparisons').waitFor();
        expect(await page.locator('#empty-comparisons').textContent()).toContain('The selected sweeps have no paired runs');
      } else {
        await page
          .locator('#comparisons-table caption')
          .filter({ hasText: `${simulated.rows.length} comparisons` })
          .waitFor();
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('plots every configuration of a suite, dominated points muted and the frontier a step line', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${own().url}#/pareto`);
      await page.locator('#pareto-chart svg.pareto').waitFor();
      const surface = ParetoFrontiersSchema.parse(JSON.parse(await readFile(path.join(own().dataDir, 'pareto_frontiers.json'), 'utf8')));
      const suite = [...new Set(surface.rows.map((row) => row.experiment))].sort()[0]!;
      const expected = surface.rows.filter((row) => row.plane === 'energy' && row.experiment === suite);
      expect(new Set(expected.map((row) => `${row.arm}/${row.power_level}`)).size).toBeGreaterThan(1);
      expect(await page.locator('#pareto-chart g.point').count()).toBe(expected.length);
      expect(await page.locator('#pareto-chart g.frontier-point').count()).toBe(expected.filter((row) => row.on_suite_frontier).length);
      expect(await page.locator('#pareto-chart g.dominated-point').count()).toBeGreaterThan(0);
      expect(await page.locator('#pareto-chart path.frontier').count()).toBe(1);
      const titles = await page.locator('#pareto-chart g.point > title').allTextContents();
      for (const title of titles) expect(title).toMatch(/^.+ · arm .+ · power .+: \d+\.\d% \[/);
      expect(await page.locator('#pareto-table tbody tr').count()).toBe(expected.length);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'pareto-every-configuration-1280.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('one colour per model on the power, model, dual-scoring and pass@k charts', async () => {
      const { page, errors } = await openPage(site().browser);
      const rankings = ModelRankingsSchema.parse(JSON.parse(await readFile(path.join(own().dataDir, 'model_rankings.json'), 'utf8'))).rows;
      const expected = modelColours(rankings.map((row) => row.model));
      const pages = [
        ['#/power', '#power-table'],
        ['#/model/sim%3Afixture-sim', '#suite-chart svg'],
        ['#/dual', '#slope-chart svg'],
        ['#/passk?experiment=arith&arm=plain', '#passk-chart svg'],
      ];
      for (const [hash, ready] of pages) {
        await page.goto(`${own().url}${hash}`);
        await page.locator(ready!).first().waitFor();
        const swatches = (await page.evaluate(SWATCHES)) as [string, string][];
        const byModel = swatches.filter(([label]) => expected.has(label.split(' · ')[0]!));
        expect(byModel.length, hash).toBeGreaterThan(0);
        for (const [label, colour] of byModel) expect(colour?.toUpperCase(), `${hash}: ${label}`).toBe(expected.get(label.split(' · ')[0]!));
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('bad input on each route gets one clear sentence, no blank view and no console error', async () => {
      const { page, errors } = await openPage(site().browser);
      const comparisons = ComparisonsSchema.parse(JSON.parse(await readFile(path.join(own().dataDir, 'comparisons.json'), 'utf8'))).rows;
      const row = comparisons[0]!;
      const key = comparisonKeyOf(row);
      const cases: [string, string, RegExp][] = [
        ['#/run/no-such-run', '#no-run', /No run 'no-such-run' in this export/],
        [formatHash({ view: 'verdict', args: comparisonArgs({ ...key, candidate: 'nobody:1b' }), query: {} }), '#no-comparison', /has no comparison of/],
        [formatHash({ view: 'pair', args: [...comparisonArgs(key), 'no-such-task'], query: {} }), '#no-pairs', /has no paired runs/],
        ['#/leaderboard?experiment=no-such-suite', '#unknown-suite', /No model row for suite “no-such-suite” with these filters: showing suite/],
        ['#/leaderboard?sweep=no-such-sweep', '#empty-leaderboard', /No runs in the sweeps in view/],
        ['#/pareto?experiment=no-such-suite', '#unknown-suite', /No Pareto points for suite “no-such-suite”/],
        ['#/models?sweep=no-such-sweep', '#sweep-unknown', /No sweep called “no-such-sweep” in this export/],
        ['#/pareto?sweep=no-such-sweep', '#empty-pareto', /No answered runs in the sweeps in view/],
        [`#/model/org%2Ffixture-coder%3A7b?sweep=${SIM_SWEEP}`, '#no-model-in-sweeps', /Model “org\/fixture-coder:7b” has no runs in the sweeps in view/],
        ['#/task/arith/no-such-task', 'lb-task-view lb-notice', /No task 'no-such-task'/],
      ];
      for (const [hash, selector, text] of cases) {
        await page.goto(`${own().url}${hash}`);
        await page.locator(selector).first().waitFor();
        expect(await page.locator(selector).first().textContent(), hash).toMatch(text);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('an export without the sweep surfaces still renders every view, and a sweep link says what is missing', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${own().oldUrl}#/pareto`);
      await page.locator('#pareto-chart svg.pareto').waitFor();
      expect(await page.locator('select[name="sweep"]').count()).toBe(0);
      await page.goto(`${own().oldUrl}#/models?sweep=${SIM_SWEEP}`);
      await page.locator('#sweep-scope').waitFor();
      expect(await page.locator('#sweep-scope').textContent()).toContain('data/sweeps.json is missing (index.json does not list it)');
      await page.locator('lb-models-view lb-notice[kind="error"]').waitFor();
      expect(await page.locator('lb-models-view lb-notice[kind="error"]').textContent()).toContain('data/sweep_sums.json is missing');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a sweep_sums.json that fails its schema is named with the fix when a sweep is picked', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${own().badSumsUrl}#/pareto?sweep=${SIM_SWEEP}`);
      await page.locator('lb-pareto-view lb-notice[kind="error"]').waitFor();
      const text = await deepText(page);
      expect(text).toMatch(/data\/sweep_sums\.json: rows\[0\]\.runs: .*rebuild data\/ with bash run_me\.sh \(or npx ledgerbench export\), then reload\./);
      // Every sweep in view reads the exported files, so the page without the filter still draws.
      await page.goto(`${own().badSumsUrl}#/pareto`);
      await page.locator('#pareto-chart svg.pareto').waitFor();
      expect(await deepQuery(page, 'lb-pareto-view lb-notice[kind="error"]')).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
