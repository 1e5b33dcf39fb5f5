import { describe, expect, it } from 'vitest';
import { openPage, type Site } from '../harness.ts';

export function jsonBrowserSuite(site: () => Site): void {
  describe('raw-JSON browser', () => {
    it('lists every file with rows, size and sha256, and opens one as a tree', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/json');
      const rows = page.locator('#file-list tbody tr');
      await rows.first().waitFor();
      // index.json itself plus the 13 files its manifest lists.
      expect(await rows.count()).toBe(14);
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
  });
}
