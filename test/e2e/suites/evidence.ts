import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, deepText, openPage, type Site } from '../harness.ts';
import { ComparisonsSchema, type ComparisonRow } from '../../../schema/surfaces/comparisons.ts';
import { RunsShardSchema } from '../../../schema/surfaces/runs-shard.ts';
import { buildRunGrid, filterGridRows } from '../../../ui/logic/run-grid.ts';
import { comparisonArgs, comparisonKeyOf, formatHash } from '../../../ui/state/route.ts';

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const comparisonsOf = async (site: Site) => ComparisonsSchema.parse(await fetchJson(`${site.subPathUrl}data/comparisons.json`));
const runsOf = async (site: Site) => RunsShardSchema.parse(await fetchJson(`${site.subPathUrl}data/runs/runs-0001.json`)).rows;

const verdictHash = (row: ComparisonRow) =>
  formatHash({
    view: 'verdict',
    args: comparisonArgs(comparisonKeyOf(row)),
    query: {},
  });

export function evidenceSuite(site: () => Site): void {
  describe('from a verdict to its evidence', () => {
    it('two clicks from a comparison row reach a side-by-side of a discordant task, paired as the exporter paired it', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/comparisons`);
      await page.locator('#comparisons-table a.verdict-link').first().click();
      await page.waitForFunction('location.hash.startsWith("#/verdict/")');
      const lost = page.locator('#lost-tasks a');
      await page.locator('#pair-counts').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'evidence-verdict-1280.png'), fullPage: true });
      const taskLink = (await lost.count()) > 0 ? lost.first() : page.locator('#won-tasks a').first();
      const fromLost = (await lost.count()) > 0;
      const taskId = (await taskLink.textContent()) ?? '';
      await taskLink.click();
      await page.waitForFunction('location.hash.startsWith("#/pair/")');
      await page.locator('article.side').first().waitFor();
      expect(await page.locator('#task-id').textContent()).toBe(taskId);
      expect(await page.locator('article.side[data-role="original"]').count()).toBeGreaterThan(0);
      expect(await page.locator('article.side[data-role="original"]').count()).toBe(await page.locator('article.side[data-role="candidate"]').count());
      // The task's outcome on the page is the one the surface counted: lost = original passes, candidate fails.
      const outcome = (await page.locator('#pair-outcome').textContent()) ?? '';
      expect(outcome.replace(/\s+/g, ' ')).toContain(fromLost ? 'original passes, candidate fails' : 'original fails, candidate passes');
      const text = await deepText(page);
      expect(text).toMatch(/Output tokens/);
      expect(text).toMatch(/Energy/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'evidence-pair-1280.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it("every verdict page shows comparisons.json's b, c and concordant counts, and lists that many tasks", async () => {
      const surface = await comparisonsOf(site());
      expect(surface.rows.length).toBeGreaterThan(0);
      const { page, errors } = await openPage(site().browser);
      for (const row of surface.rows) {
        await page.goto(site().subPathUrl + verdictHash(row));
        await page.locator('#pair-counts').waitFor();
        const count = async (name: string) => Number(await page.locator(`#pair-counts [data-count="${name}"] strong`).textContent());
        expect(
          {
            both_pass: await count('both_pass'),
            original_only: await count('original_only'),
            candidate_only: await count('candidate_only'),
            both_fail: await count('both_fail'),
          },
          verdictHash(row),
        ).toEqual({ both_pass: row.both_pass, original_only: row.original_only, candidate_only: row.candidate_only, both_fail: row.both_fail });
        expect(await page.locator('#lost-tasks a').allTextContents()).toEqual(row.discordant.lost);
        expect(await page.locator('#won-tasks a').allTextContents()).toEqual(row.discordant.won);
        expect(await page.locator('#verdict-reason').textContent()).toBe(row.verdict_reason);
        const recommendation = (await page.locator('#recommendation').textContent()) ?? '';
        expect(recommendation).toContain('Energy');
        expect(recommendation).toContain('Money');
        // A page's content is replaced on goto: wait for it to leave before the next row.
        await page.goto('about:blank');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a comparison not in the export and a task with no paired runs each say so in one sentence', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/verdict/nobody/nothing/arith/plain/default/default`);
      await expect.poll(async () => deepText(page)).toMatch(/comparisons\.json has no comparison of nobody → nothing in suite arith/);
      await page.goto(`${site().subPathUrl}#/pair/nobody/nothing/arith/plain/default/default/arith-001`);
      await expect.poll(async () => deepText(page)).toMatch(/Task arith-001 has no paired runs of nobody and nothing in this export/);
      await page.goto(`${site().subPathUrl}#/verdict/only-one`);
      await expect.poll(async () => deepText(page)).toContain('This link names no comparison');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });

  it('an export without comparison rows, or without data/, says so in one sentence on the evidence pages', async () => {
    const { page } = await openPage(site().browser);
    // comparisons.json present but with no rows: the verdict page names the missing comparison.
    await page.goto(`${site().partialUrl}#/verdict/a/b/arith/plain/default/default`);
    await expect.poll(async () => deepText(page)).toContain('comparisons.json has no comparison of a → b in suite arith');
    // No data/ at all: the shell says index.json is missing before any view loads.
    await page.goto(`${site().emptyUrl}#/run/some-run-id`);
    await expect.poll(async () => deepText(page)).toContain('data/index.json is missing (HTTP 404)');
    await page.context().close();
  });

  it('the verdict and side-by-side pages fit a 390 px screen', async () => {
    const row = (await comparisonsOf(site())).rows.find((entry) => entry.discordant.lost.length > 0)!;
    const { page, errors } = await openPage(site().browser, { width: 390, height: 844 });
    await page.goto(site().subPathUrl + verdictHash(row));
    await page.locator('#pair-counts').waitFor();
    expect((await page.locator('#pair-counts').boundingBox())!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'evidence-verdict-390.png'), fullPage: true });
    await page.locator('#lost-tasks a').first().click();
    await page.locator('article.side').first().waitFor();
    // One column at this width: each response is as wide as the screen, not half of it.
    const boxes = await page.locator('article.side').evaluateAll((elements) => elements.slice(0, 2).map((element) => element.getBoundingClientRect().right));
    for (const right of boxes) expect(right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'evidence-pair-390.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  describe('one run record by id', () => {
    it('#/run/<id> shows the record and its raw JSON; an unknown id says so', async () => {
      const runs = await runsOf(site());
      const target = runs.at(-1)!;
      const { page, errors } = await openPage(site().browser);
      // No task hint: the view must find the run by reading the shards.
      await page.goto(`${site().subPathUrl}#/run/${encodeURIComponent(target.run_id)}`);
      await page.locator('#run-summary').waitFor();
      expect(await page.locator('#run-summary').textContent()).toContain(target.task.id);
      await page.locator('lb-json-tree li').first().waitFor();
      expect(await deepText(page)).toContain(target.run_id);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'evidence-run-1280.png'), fullPage: true });
      await page.goto(`${site().subPathUrl}#/run/no-such-run-id`);
      await expect.poll(async () => deepText(page)).toMatch(/No run ' ?no-such-run-id ?' in this export/);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('the failures view and the task grid link their runs to #/run/<id>', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/failures`);
      const raw = page.locator('#failure-table a.raw-run').first();
      await raw.waitFor();
      await raw.click();
      await page.waitForFunction('location.hash.startsWith("#/run/")');
      await page.locator('#run-summary').waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });

  describe('side-by-side outputs on a task', () => {
    it('a models × repeats grid under 5,000 px, cells that expand in place, and a "models disagree" filter that keeps the mixed rows', async () => {
      const runs = (await runsOf(site())).filter((run) => run.experiment === 'arith' && run.task.id === 'arith-003');
      const grid = buildRunGrid(runs);
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/task/arith/arith-003`);
      await page.locator('#run-grid article.run').first().waitFor();
      expect(await page.locator('#run-grid .column-head').count()).toBe(grid.models.length + 1);
      expect(await page.locator('#run-grid .row-head').count()).toBe(Math.min(8, grid.rows.length));
      const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
      expect(height).toBeLessThan(5000);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'evidence-task-grid-1280.png'), fullPage: true });

      const first = page.locator('#run-grid article.run').first();
      const before = (await first.boundingBox())!.height;
      await first.locator('button.expand').click();
      await expect.poll(async () => first.getAttribute('class')).toContain('open');
      expect((await first.boundingBox())!.height).toBeGreaterThanOrEqual(before);

      const mixed = filterGridRows(grid.rows, { failuresOnly: false, disagree: true });
      await page.locator('#disagree').check();
      await page.waitForFunction('location.hash.includes("disagree=1")');
      await expect.poll(async () => page.locator('#run-grid .row-head').count()).toBe(Math.min(8, mixed.length));
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
