import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsFromSums } from '../../../core/metrics/compute.ts';
import { addSums } from '../../../core/metrics/sums.ts';
import { formatCost, formatInterval, formatRate } from '../../../ui/logic/format.ts';
import { metricColumn } from '../../../ui/logic/metric-columns.ts';
import { chooseLeaderboard, leaderboardRows, suitesOf } from '../../../ui/logic/leaderboard.ts';
import { formatRank, leaders, pairedLookup } from '../../../ui/logic/ranks.ts';
import { ComparisonsSchema } from '../../../schema/surfaces/comparisons.ts';
import { ModelRankingsSchema, type ModelRankingRow } from '../../../schema/surfaces/model-rankings.ts';
import { SCREENSHOTS, auditPage, deepQuery, deepText, openPage, type Site } from '../harness.ts';

/** The surfaces the built site serves, read over HTTP as the page reads them. */
async function surfaces(base: string) {
  const get = async (file: string) => (await fetch(`${base}data/${file}`)).json();
  return {
    rankings: ModelRankingsSchema.parse(await get('model_rankings.json')).rows,
    comparisons: ComparisonsSchema.parse(await get('comparisons.json')).rows,
  };
}

/** One model's expected numbers: its rows at the suite, arm and level, pooled by the catalogue. */
function expectedMetrics(rows: readonly ModelRankingRow[], at: { experiment: string; arm: string; power: string }, model: string) {
  const mine = rows.filter((row) => row.model === model && row.experiment === at.experiment && row.arm === at.arm && row.power_level === at.power);
  return metricsFromSums(addSums(mine));
}

export function leaderboardSuite(site: () => Site): void {
  describe('the leaderboard (landing view)', () => {
    it('lands on the leaderboard under the sub-path and names each suite’s leaders with shared ranks', async () => {
      const { rankings, comparisons } = await surfaces(site().subPathUrl);
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl);
      await page.locator('#leaders li').first().waitFor({ timeout: 15_000 });
      expect(await page.title()).toBe('Leaderboard · ledgerbench');
      const suites = suitesOf(rankings);
      expect(suites.length).toBeGreaterThan(1);
      for (const suite of suites) {
        const choice = chooseLeaderboard(rankings, { experiment: suite })!;
        const top = leaders(leaderboardRows(rankings, choice, pairedLookup(comparisons, choice)));
        const item = page.locator(`#leaders li[data-suite="${suite}"]`);
        expect(await item.locator('.leader').allTextContents(), suite).toEqual(top.map((entry) => entry.row.model));
        const text = (await item.textContent())!;
        expect(text).toContain(`rank ${formatRank(top[0]!)}`);
        // Twelve runs a model give wide intervals: this fixture's leaders cannot be told apart.
        if (top.length > 1) expect(text).toContain('shared: cannot be told apart');
      }
      expect(await deepText(page)).toContain('Simulated data: 80 of 240 records');
      expect((await page.locator('#leaderboard-choice').textContent())!.replace(/\s+/g, ' ')).toMatch(
        /arm plain \(default\) · power level 100% of default \(highest measured\)/,
      );
      await page.screenshot({ path: path.join(SCREENSHOTS, 'leaderboard-1280.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('shows the exporter’s numbers: each cell is the catalogue’s metric over the pooled surface rows', async () => {
      const { rankings } = await surfaces(site().subPathUrl);
      const at = { experiment: 'codegen', arm: 'contract', power: '60' };
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/leaderboard?experiment=codegen&arm=contract&power=60&cols=pass,score,energy,tokens,time,money,runs`);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      const shownModels = await page.locator('#leaderboard-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-model')));
      const models = [
        ...new Set(rankings.filter((row) => row.experiment === 'codegen' && row.arm === 'contract' && row.power_level === '60').map((row) => row.model)),
      ];
      expect([...shownModels].sort()).toEqual([...models].sort());
      const rates = models.map((model) => expectedMetrics(rankings, at, model).run_pass_rate!);
      // Sorted by run pass rate, best first.
      expect(shownModels.map((model) => rates[models.indexOf(model!)]!)).toEqual([...rates].sort((a, b) => b - a));
      for (const model of models) {
        const m = expectedMetrics(rankings, at, model);
        const cell = (column: string) => page.locator(`#leaderboard-table tr[data-model="${model}"] td[data-column="${column}"]`).textContent();
        const pass = (await cell('pass'))!.replace(/\s+/g, ' ');
        expect(pass).toContain(formatRate(m.run_pass_rate));
        expect(pass).toContain(formatInterval(m.run_pass_rate_ci_low, m.run_pass_rate_ci_high));
        expect((await cell('score'))!.trim()).toBe(formatRate(m.mean_score));
        expect((await cell('energy'))!.trim()).toBe(formatCost(m.joules_per_pass, 'joules', metricColumn('joules_per_pass').whenNull));
        expect((await cell('tokens'))!.trim()).toBe(formatCost(m.output_tokens_per_pass, 'tokens', 'not recorded'));
        expect((await cell('time'))!.trim()).toBe(formatCost(m.wall_ms_per_pass, 'ms', 'not recorded'));
        expect((await cell('money'))!.trim()).toBe(formatCost(m.usd_per_pass, 'usd', 'not priced'));
        expect((await cell('runs'))!.trim()).toBe(`${m.passed} / ${m.answered_runs}`);
      }
      // The fixture's small model has no energy: shown as such, never as 0.
      expect((await page.locator('#leaderboard-table tr[data-model="fixture-small:1b"] td[data-column="energy"]').textContent())!.trim()).toBe('not measured');
      expect(await page.locator('#leaderboard-table svg.dot-bar').count()).toBe(models.length);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('keeps the column choice and the suite in the URL', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/leaderboard`);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      expect(await page.locator('#leaderboard-table thead th[data-column]').count()).toBe(6);
      await page.locator('#column-chooser summary').click();
      await page.locator('#column-chooser input[data-column="speed"]').check();
      await page.locator('#leaderboard-table thead th[data-column="speed"]').waitFor();
      expect(page.url()).toContain('cols=pass%2Cscore%2Cenergy%2Ctokens%2Ctime%2Cmoney%2Cspeed');
      await page.locator('#suite-switcher a', { hasText: 'codegen' }).click();
      await page.waitForFunction(() => location.hash.includes('experiment=codegen'));
      expect(page.url()).toContain('cols=');
      expect((await page.locator('#leaderboard-choice').textContent())!.replace(/\s+/g, ' ')).toContain('suite codegen');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('at 390 px the page does not overflow sideways and the model name stays visible as the table scrolls', async () => {
      const { page, errors } = await openPage(site().browser, { width: 390, height: 844 });
      await page.goto(site().subPathUrl);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const board = page.locator('.board');
      const name = page.locator('#leaderboard-table tbody tr th').first();
      const before = (await name.boundingBox())!;
      expect(await board.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await board.evaluate((el) => el.scrollBy(400, 0));
      await page.waitForTimeout(100);
      const after = (await name.boundingBox())!;
      expect(after.x).toBe(before.x);
      expect(await board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'leaderboard-390.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('says in one sentence what is wrong with bad input, and model names stay inert', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().brokenUrl);
      await page.locator('lb-leaderboard-view lb-notice[kind="error"]').waitFor();
      expect(await deepText(page)).toMatch(/data\/model_rankings\.json: rows\[1\]\.run_pass_rate: /);
      await page.goto(`${site().subPathUrl}#/leaderboard?experiment=arith&power=41`);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      // A level the suite never ran falls back to the highest measured, and says so.
      expect(await page.locator('#leaderboard-choice').textContent()).toContain('(highest measured)');
      await page.goto(site().partialUrl);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      await page.goto(site().xssUrl);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      await page.waitForTimeout(200);
      expect(await auditPage(page)).toEqual({ inlineScripts: [], images: [], scriptLinks: [], handlers: [], xssFlag: null });
      expect(await deepQuery(page, 'b')).toEqual([]);
      expect(await deepText(page)).toContain('fixture-xss<b>bold</b>');
      expect(errors.filter((error) => !/Failed to load resource/.test(error))).toEqual([]);
      await page.context().close();
    });
  });
}
