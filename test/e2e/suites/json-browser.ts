import { describe, expect, it } from 'vitest';
import { openPage, type Site } from '../harness.ts';
import { SURFACE_SCHEMAS } from '../../../core/surfaces.ts';
import { ComparisonPairsSchema } from '../../../schema/surfaces/comparison-pairs.ts';

export function jsonBrowserSuite(site: () => Site): void {
  describe('raw-JSON browser', () => {
    it('lists every file with rows, size and sha256, and opens one as a tree', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json');
      const rows = page.locator('#file-list tbody tr');
      await rows.first().waitFor();
      // Every file of the surface catalogue (index.json included), runs.parquet, the fixture's one run shard and the pairs files.
      const pairs = ComparisonPairsSchema.parse(await (await page.request.get(new URL('data/comparison_pairs.json', site().subPathUrl).href)).json());
      const pairFiles = pairs.sides.flatMap((side) => side.files).length;
      expect(pairFiles).toBeGreaterThan(0);
      expect(await rows.count()).toBe(Object.keys(SURFACE_SCHEMAS).length + 2 + pairFiles);
      // Surfaces first: the folders' many files come after every top-level file.
      const paths = await page.locator('#file-list tbody tr td:first-child').allTextContents();
      expect(paths.findLastIndex((text) => !text.includes('/'))).toBeLessThan(paths.findIndex((text) => text.includes('/')));
      expect(await page.locator('#file-list a', { hasText: 'runs.parquet' }).count()).toBe(1);
      await page.locator('#file-list a', { hasText: 'runs/runs-0001.json' }).click();
      await page.waitForFunction('location.hash === "#/json/runs%2Fruns-0001.json"');
      await page.locator('button[aria-label="Expand rows"]').click();
      await page.locator('text=items 0–99 of 240').waitFor();
      await page.locator('button.next-page').first().click();
      await page.locator('text=items 100–199 of 240').waitFor();
      await page.locator('button[aria-label="Expand rows[100]"]').click();
      await page.locator('button.copy[data-path="rows[100].run_id"]').click();
      await expect.poll(async () => page.locator('#copy-status').textContent()).toContain('Copied path: rows[100].run_id');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('searches keys and values and reveals a match', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json/model_rankings.json');
      await page.locator('#json-search').waitFor();
      await page.locator('#json-search').fill('fixture-small');
      await expect.poll(async () => (await page.locator('#match-count').textContent()) ?? '').toMatch(/^\d+ match\(es\) for “fixture-small”$/);
      const first = page.locator('button.reveal').first();
      const path = (await first.textContent())?.trim() ?? '';
      expect(path).toMatch(/^rows\[\d+\]\.(model|model_family)$/);
      await first.click();
      await page.locator(`lb-json-tree li[data-path="${path}"]`).waitFor();
      await page.context().close();
    });

    it('links the raw file, which is the file itself', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json/model_rankings.json');
      const raw = page.locator('#raw-link');
      await raw.waitFor();
      const url = new URL((await raw.getAttribute('href')) ?? '', page.url()).href;
      expect(url).toBe(`${site().subPathUrl}data/model_rankings.json`);
      const response = await page.request.get(url);
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { surface: string }).surface).toBe('model_rankings');
      await page.context().close();
    });

    it('links each input ledger to what it produced: its sweeps, its run shards and its entry in index.json', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json');
      const row = page.locator('#ledger-list tbody tr[data-ledger="e2e.jsonl"]');
      await row.waitFor();
      const index = (await (await page.request.get(`${site().subPathUrl}data/index.json`)).json()) as { counts: { accepted: number } };
      // The fixture is one ledger of one sweep: everything accepted came from it, all in one shard.
      const cells = (await row.locator('td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
      expect(cells[2]).toBe(String(index.counts.accepted));
      expect(cells[3]).toBe(`fixture-sweep (${index.counts.accepted})`);
      expect(cells[4]).toBe(`runs/runs-0001.json (${index.counts.accepted})`);
      await row.locator('a.shard-link').click();
      await page.waitForFunction('location.hash.startsWith("#/json/runs%2Fruns-0001.json?q=fixture-sweep")');
      await expect.poll(async () => (await page.locator('#match-count').textContent()) ?? '').toMatch(/^200\+ match\(es\) for “fixture-sweep”$/);
      await page.goBack();
      await page.locator('#ledger-list a[title="This ledger\'s entry in index.json"]').click();
      await page.waitForFunction('location.hash === "#/json/index.json?node=ledgers%5B0%5D"');
      await page.locator('lb-json-tree li.current[data-path="ledgers[0]"][aria-current="location"]').waitFor();
      // Opened at the ledger's entry: what it produced is one click away.
      await page.locator('button[aria-label="Expand ledgers[0].produced"]').waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('keeps the open node in the URL: restored on load, reload, back and forward', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json/runs%2Fruns-0001.json?node=rows%5B150%5D.task');
      const current = page.locator('lb-json-tree li.current');
      await page.locator('li.current[data-path="rows[150].task"]').waitFor();
      // Opened down to the node on the page of the array that holds it, and nothing else.
      await page.locator('text=items 100–199 of 240').waitFor();
      expect(await page.locator('button[aria-label="Collapse rows[150].task"]').count()).toBe(1);
      expect(await page.locator('button[aria-label="Collapse rows[151]"]').count()).toBe(0);
      await page.locator('button[aria-label="Expand rows[151]"]').click();
      await page.waitForFunction('location.hash.endsWith("node=rows%5B151%5D")');
      expect(await current.getAttribute('data-path')).toBe('rows[151]');
      await page.goBack();
      await page.waitForFunction('location.hash.endsWith("node=rows%5B150%5D.task")');
      await expect.poll(() => current.getAttribute('data-path')).toBe('rows[150].task');
      expect(await page.locator('button[aria-label="Expand rows[151]"]').count()).toBe(1);
      await page.goForward();
      await expect.poll(() => current.getAttribute('data-path')).toBe('rows[151]');
      expect(await page.locator('button[aria-label="Collapse rows[151]"]').count()).toBe(1);
      // Collapsing makes the parent current; a reload shows the same.
      await page.locator('button[aria-label="Collapse rows[151]"]').click();
      await page.waitForFunction('location.hash.endsWith("node=rows")');
      await page.reload();
      await page.locator('li.current[data-path="rows"]').waitFor();
      await page.locator('text=items 0–99 of 240').waitFor();
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('says so when the URL names a node the file does not have', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json/model_rankings.json?node=rows%5B99999%5D');
      await expect.poll(async () => (await page.locator('#node-missing').textContent()) ?? '').toContain('This file has no node rows[99999]');
      await page.locator('button[aria-label="Collapse root"]').waitFor();
      await page.context().close();
    });

    it('opens the run view from a run id in the tree', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json/runs%2Fruns-0001.json?node=rows%5B7%5D');
      const link = page.locator('li[data-path="rows[7].run_id"] a.run-link');
      const runId = JSON.parse((await link.textContent()) ?? '""') as string;
      expect(runId).toMatch(/^[0-9a-f]{16}$/);
      await link.click();
      await page.waitForFunction(`location.hash.startsWith("#/run/${runId}?task=")`);
      await expect.poll(async () => page.locator('#run-id').textContent()).toBe(runId);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
