import { describe, expect, it } from 'vitest';
import { deepText, openPage, type Site } from '../harness.ts';

export function interactionsSuite(site: () => Site): void {
  describe('filters, sorting, deep links and drill-downs', () => {
    it('a filter narrows the table, lands in the hash and recomputes the ratios', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/models');
      const rows = page.locator('#models-table tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(24);
      await page.locator('lb-filter-bar select[name="arm"]').selectOption('plain');
      await page.waitForFunction('location.hash.includes("arm=plain")');
      await expect.poll(() => rows.count()).toBe(12);
      const arms = await page.locator('#models-table tbody tr td:nth-child(3)').allTextContents();
      expect(new Set(arms.map((arm) => arm.trim()))).toEqual(new Set(['plain']));
      // Exactly one visible row is the token reference (1.00×) after the filter.
      const waste = await page.locator('#models-table tbody tr td:nth-child(9)').allTextContents();
      expect(waste.filter((cell) => cell.trim() === '1.00×')).toHaveLength(1);

      await page.locator('lb-filter-bar input[name="hide_sim"]').check();
      await page.waitForFunction('location.hash.includes("hide_sim=1")');
      await expect.poll(() => rows.count()).toBe(8);
      const text = await deepText(page);
      expect(text).not.toContain('Simulated data:');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('headers sort by click and by keyboard, with aria-sort', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/models');
      await page.locator('#models-table tbody tr').first().waitFor();
      await page.locator('#models-table th button[data-key="run_pass_rate"]').click();
      await page.waitForFunction('location.hash.includes("sort=run_pass_rate%3Adescending")');
      const header = page.locator('#models-table th:has(button[data-key="run_pass_rate"])');
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
      const rates = (await page.locator('#models-table tbody tr td:nth-child(8)').allTextContents()).map((cell) => Number.parseFloat(cell));
      expect(rates).toEqual([...rates].sort((a, b) => b - a));

      await page.locator('#models-table th button[data-key="mean_output_tokens"]').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction('location.hash.includes("sort=mean_output_tokens%3Aascending")');
      const tokensHeader = page.locator('#models-table th:has(button[data-key="mean_output_tokens"])');
      await expect.poll(() => tokensHeader.getAttribute('aria-sort')).toBe('ascending');
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('none');
      await page.keyboard.press('Space');
      await expect.poll(() => tokensHeader.getAttribute('aria-sort')).toBe('descending');
      await page.context().close();
    });

    it('a deep link restores filters and sort, and the first view fetches no run shard', async () => {
      const { page, errors } = await openPage(site().browser);
      const fetched: string[] = [];
      page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
      await page.goto(site().subPathUrl + '#/models?arm=contract&experiment=codegen&power=60&sort=mean_output_tokens%3Aascending');
      const rows = page.locator('#models-table tbody tr');
      await rows.first().waitFor();
      await expect.poll(() => rows.count()).toBe(3);
      expect(await page.locator('lb-filter-bar select[name="experiment"]').inputValue()).toBe('codegen');
      expect(await page.locator('lb-filter-bar select[name="power"]').inputValue()).toBe('60');
      expect(await page.locator('#models-table th:has(button[data-key="mean_output_tokens"])').getAttribute('aria-sort')).toBe('ascending');
      // Every request the page makes, not the ones that happened to come before the table: the
      // integrity notice reads verification.json on every view, the judge note judge_reliability.json.
      await page.waitForLoadState('networkidle');
      const data = fetched.filter((pathname) => pathname.includes('/data/')).map((pathname) => pathname.replace(/^.*\/data\//, ''));
      // sweeps.json: the header lists the sweeps in view on every page.
      expect(data.sort()).toEqual(['index.json', 'judge_reliability.json', 'model_rankings.json', 'sweeps.json', 'verification.json']);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('drills down from the table to a model, a task and its runs', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/models?hide_sim=1');
      await page.locator('#models-table tbody tr').first().waitFor();
      await page.locator('#models-table a', { hasText: 'org/fixture-coder:7b' }).first().click();
      await page.waitForFunction('location.hash.startsWith("#/model/org%2Ffixture-coder%3A7b")');
      expect(await page.evaluate('location.hash')).toContain('hide_sim=1');
      await page.locator('#model-name').waitFor();
      expect(await page.locator('#model-name').textContent()).toBe('org/fixture-coder:7b');

      await page.locator('#load-runs').click();
      await page.locator('text=Histogram').or(page.locator('svg[aria-label="Histogram of output tokens per run"]')).first().waitFor();

      await page.locator('lb-model-view lb-data-table a', { hasText: 'arith-003' }).first().click();
      await page.waitForFunction('location.hash.startsWith("#/task/arith/arith-003")');
      await page.locator('article.run').first().waitFor();
      const models = await page.locator('article.run header strong').allTextContents();
      expect(new Set(models)).toEqual(new Set(['org/fixture-coder:7b']));

      const count = page.locator('#run-count');
      // Widen to every model: the strong model may never fail this task.
      await page.locator('#model-select').selectOption('');
      await page.waitForFunction('!location.hash.includes("model=")');
      await page.locator('#failures-only').check();
      await page.waitForFunction('location.hash.includes("failures=1")');
      // The hash changes before the view re-renders: poll until the shown verdicts settle.
      const verdicts = async () => (await page.locator('article.run header .chip').allTextContents()).filter((chip) => chip === 'passed' || chip === 'failed');
      await expect.poll(async () => [...new Set(await verdicts())]).toEqual(['failed']);

      await page.locator('#failures-only').uncheck();
      await page.locator('#response-search').fill('The answer is 42');
      await expect.poll(async () => (await count.textContent()) ?? '').toMatch(/^\d+ of this task's \d+ runs shown; (\d+) passed, 0 failed\.$/);
      expect(await page.evaluate('location.hash')).toContain('q=The+answer+is+42');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a representative failure opens the drill-down on that run', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/failures');
      const link = page.locator('#failure-table a.example-run').first();
      await link.waitFor();
      const href = (await link.getAttribute('href')) ?? '';
      const runId = decodeURIComponent(/run=([^&]+)/.exec(href)?.[1] ?? '');
      await link.click();
      // The selected run is shown on top and again in its place in the list.
      await page.locator('article.run.selected').first().waitFor();
      expect(await page.locator('article.run.selected').first().getAttribute('data-run-id')).toBe(runId);
      expect(await deepText(page)).toContain('Selected run');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a link to a task that is not in the export says so instead of showing an empty list', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/task/codegen/no_such_task');
      // deepText joins Lit's text nodes with spaces, hence the optional spaces around the ids.
      await expect.poll(async () => deepText(page)).toMatch(/No task ' ?no_such_task ?' in suite ' ?codegen ?' in this export/);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('pareto switches plane, suite and power level', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/pareto');
      await page.locator('#pareto-chart svg[aria-label]').waitFor();
      await page.locator('button.plane', { hasText: 'output tokens' }).click();
      await page.waitForFunction('location.hash.includes("plane=output_tokens")');
      await expect.poll(async () => deepText(page)).toContain('Output tokens per run');
      await page.locator('select[name="pareto-experiment"]').selectOption('codegen');
      await page.waitForFunction('location.hash.includes("experiment=codegen")');
      const rows = page.locator('#pareto-table tbody tr');
      // Every configuration of codegen: 3 models × 2 arms × 2 power levels, dominated ones included.
      await expect.poll(() => rows.count()).toBe(12);
      // The shared power-level filter narrows the points, and the frontier is redrawn over what is left.
      await page.goto(site().subPathUrl + '#/pareto?experiment=codegen&plane=output_tokens&power=60');
      await expect.poll(() => rows.count()).toBe(6);
      expect(await page.locator('#pareto-scope').textContent()).toContain('the frontier is over the configurations the filters leave');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
