import { describe, expect, it } from 'vitest';
import { deepText, openPage, type Site } from '../harness.ts';

export function missingDataSuite(site: () => Site): void {
  describe('missing and invalid surfaces', () => {
    it('views of surfaces without rows say what sweep produces them', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(site().partialUrl + '#/comparisons');
      await page.locator('#empty-comparisons').waitFor();
      expect(await deepText(page)).toMatch(/comparisons\.json has no rows: no two models \(or power levels\) ran the same tasks\. Run two or more models/);
      await page.goto(site().partialUrl + '#/dual');
      await page.locator('#empty-dual').waitFor();
      expect(await deepText(page)).toContain('--arms plain,contract');
      await page.goto(site().partialUrl + '#/passk');
      await page.locator('#empty-passk').waitFor();
      expect(await deepText(page)).toContain('pass_at_k.json has no rows');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('a site without data/ says what is missing and how to build it', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().emptyUrl + '#/models');
      await page.locator('lb-notice[kind="error"]').first().waitFor();
      const text = await deepText(page);
      expect(text).toContain('data/index.json is missing (HTTP 404): build data/ with bash run_me.sh (or npx ledgerbench export), then reload.');
      await page.context().close();
    });

    it('an invalid surface is reported with its path and the fix, and other views still work', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().brokenUrl + '#/models');
      await page.locator('lb-models-view lb-notice[kind="error"]').waitFor();
      const text = await deepText(page);
      expect(text).toMatch(
        /data\/model_rankings\.json: rows\[1\]\.run_pass_rate: .*rebuild data\/ with bash run_me\.sh \(or npx ledgerbench export\), then reload\./,
      );
      await page.goto(site().brokenUrl + '#/tasks');
      await page.locator('#task-ranking tbody tr').first().waitFor();
      await page.context().close();
    });
  });
}
