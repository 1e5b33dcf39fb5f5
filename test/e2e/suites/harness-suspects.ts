import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, openPage, type Site } from '../harness.ts';
import { SUSPECT_TASKS } from '../fixtures/suspects-ledger.ts';
import { comparisonArgs, formatHash } from '../../../ui/state/route.ts';

const verdictHash = formatHash({
  view: 'verdict',
  args: comparisonArgs({
    original: 'qwen3:8b',
    candidate: 'qwen3:4b',
    experiment: 'humaneval',
    arm: 'plain',
    originalPowerLevel: 'default',
    candidatePowerLevel: 'default',
  }),
  query: {},
});

const oneLine = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

export function harnessSuspectsSuite(site: () => Site): void {
  describe('harness suspects on the site', () => {
    it('the verdict says it rests on suspected harness faults, and the pair and run views show each label with its evidence', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().suspectsUrl}${verdictHash}`);
      await page.locator('#harness-caveat').waitFor();
      expect(oneLine(await page.locator('#harness-caveat').textContent())).toContain(
        `${SUSPECT_TASKS} of ${SUSPECT_TASKS} discordant pairs are suspected harness faults`,
      );
      expect(oneLine(await page.locator('#harness-caveat').textContent())).toContain('this verdict is not evidence about the model');
      expect(Number(await page.locator('#pair-counts [data-count="harness_suspects"] strong').textContent())).toBe(SUSPECT_TASKS);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'suspects-verdict-1280.png'), fullPage: true });

      await page.locator('#lost-tasks a').first().click();
      await page.locator('article.side').first().waitFor();
      const candidateLabel = page.locator('article.side[data-role="candidate"] .harness-suspect');
      await candidateLabel.waitFor();
      expect(await candidateLabel.getAttribute('data-reason')).toBe('prompt_name');
      expect(oneLine(await candidateLabel.textContent())).toContain("NameError for 'List', which the prompt imports at its line 1: from typing import List");
      expect(await page.locator('article.side[data-role="original"] .harness-suspect').count()).toBe(0);

      await page.locator('article.side[data-role="candidate"] a.run-link').click();
      await page.locator('#run-summary').waitFor();
      expect(await page.locator('.harness-suspect').getAttribute('data-reason')).toBe('prompt_name');
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('the leaderboard and models views count the suspects per suite', async () => {
      const { page, errors } = await openPage(site().browser);
      for (const view of ['leaderboard', 'models']) {
        await page.goto(`${site().suspectsUrl}#/${view}`);
        const notice = page.locator('#suspect-notice [data-suite="humaneval"]');
        await notice.waitFor();
        expect(oneLine(await notice.textContent())).toBe(
          `humaneval: ${SUSPECT_TASKS} runs of qwen3:4b — NameError for a name the prompt imports or defines: ${SUSPECT_TASKS} runs (${SUSPECT_TASKS} tasks)`,
        );
      }
      // The main fixture has no suspects: no notice there.
      await page.goto(`${site().subPathUrl}#/leaderboard`);
      await page.locator('lb-leaderboard-view table').first().waitFor();
      expect(await page.locator('#suspect-notice').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
