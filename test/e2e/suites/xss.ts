import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, auditPage, deepQuery, deepText, openPage, type Site } from '../harness.ts';
import { XSS_PAYLOADS } from '../fixtures/specs.ts';

const TASK_ROUTES = XSS_PAYLOADS.map((payload) => `#/task/xss/${encodeURIComponent(payload)}`);
const MODEL = encodeURIComponent('fixture-xss<b>bold</b>');
// The XSS export has one model at one power level: the model against itself still renders both sides' hostile responses.
const EVIDENCE_ROUTES = [
  `#/verdict/${MODEL}/${MODEL}/xss/plain/default/default`,
  ...XSS_PAYLOADS.map((payload) => `#/pair/${MODEL}/${MODEL}/xss/plain/default/default/${encodeURIComponent(payload)}`),
];
const ROUTES = [
  '#/leaderboard',
  '#/models',
  '#/tasks',
  '#/heatmap',
  '#/failures',
  '#/pareto',
  '#/dual',
  '#/power',
  `#/model/${encodeURIComponent('fixture-xss<b>bold</b>')}`,
  ...TASK_ROUTES,
  ...EVIDENCE_ROUTES,
];

export function xssSuite(site: () => Site): void {
  describe('hostile task ids, model names and responses render as text', () => {
    it('no dialog, no script, no handler, and the text shows literally', async () => {
      const { page } = await openPage(site().browser);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const shard = (await (await fetch(`${site().xssUrl}data/runs/runs-0001.json`)).json()) as { rows: { run_id: string }[] };
      for (const route of [...ROUTES, `#/run/${encodeURIComponent(shard.rows[0]!.run_id)}`]) {
        await page.goto(site().xssUrl + route);
        await page.locator('main h2').first().waitFor();
        await page.waitForTimeout(300);
        const audit = await auditPage(page);
        expect(audit, route).toEqual({ inlineScripts: [], images: [], scriptLinks: [], handlers: [], xssFlag: null });
      }
      // The model name's markup is text too: no <b> element anywhere, the tags visible as typed.
      await page.goto(site().xssUrl + '#/models');
      await page.locator('#models-table tbody tr').first().waitFor();
      expect(await deepQuery(page, 'b')).toEqual([]);
      expect(await deepText(page)).toContain('fixture-xss<b>bold</b>');
      await page.goto(site().xssUrl + TASK_ROUTES[0]);
      await page.locator('pre.response').first().waitFor();
      const text = await deepText(page);
      for (const payload of XSS_PAYLOADS) expect(text).toContain(payload);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'xss-task-1280.png'), fullPage: true });
      // The side-by-side shows every payload as text on both sides, and the model name with its tags.
      await page.goto(site().xssUrl + EVIDENCE_ROUTES[1]);
      await page.locator('article.side pre.response').first().waitFor();
      const pairText = await deepText(page);
      for (const payload of XSS_PAYLOADS) expect(pairText).toContain(payload);
      expect(pairText).toContain('fixture-xss<b>bold</b>');
      expect(await deepQuery(page, 'b')).toEqual([]);
      expect(dialogs).toEqual([]);
      await page.context().close();
    });

    it('a task id of javascript:alert(1) links to an internal route and opens as text', async () => {
      const { page } = await openPage(site().browser);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(site().xssUrl + '#/tasks');
      const link = page.locator('#task-ranking a', { hasText: /^javascript:alert\(1\)$/ });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('#/task/xss/javascript%3Aalert(1)');
      await link.click();
      await page.locator('#task-id').waitFor();
      expect(await page.locator('#task-id').textContent()).toBe('javascript:alert(1)');
      await page.locator('#json-search').or(page.locator('pre.response')).first().waitFor();
      await page.goto(site().xssUrl + '#/json/runs%2Fruns-0001.json?q=onerror');
      await page.locator('#match-count').waitFor();
      expect((await auditPage(page)).images).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate('window.__xss === undefined')).toBe(true);
      await page.context().close();
    });
  });
}
