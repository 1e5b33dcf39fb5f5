import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, deepText, openPage, type Site } from '../harness.ts';

/** Each route, what it must show, and the element that says it has rendered. */
const ROUTES: { name: string; hash: string; ready: string; texts: string[] }[] = [
  {
    name: 'leaderboard',
    hash: '#/leaderboard',
    ready: '#leaderboard-table tbody tr',
    texts: ['Leaderboard', 'Leaders by suite', 'Energy per pass', 'Time per pass', 'not measured'],
  },
  {
    name: 'models',
    hash: '#/models',
    ready: '#models-table tbody tr',
    texts: ['Model comparison', 'org/fixture-coder:7b', 'Output-token waste vs best visible', 'not measured', 'J/run'],
  },
  {
    name: 'model',
    hash: '#/model/org%2Ffixture-coder%3A7b',
    ready: '#suite-chart svg',
    texts: ['Model org/fixture-coder:7b', 'Per suite', 'Power-level curve', 'Failure mix', 'Per task', 'Token and latency distributions'],
  },
  { name: 'tasks', hash: '#/tasks', ready: '#task-ranking tbody tr', texts: ['Task ranking: hardest first', 'Task registry', 'arith-001', 'numeric@1'] },
  { name: 'task', hash: '#/task/arith/arith-002', ready: 'article.run pre.response', texts: ['Task arith-002', 'Response', 'matches_reference', 'runs shown'] },
  { name: 'heatmap', hash: '#/heatmap', ready: '.heatmap-chart svg[aria-label]', texts: ['Model × task heatmap', 'Table of values', 'arith', 'codegen'] },
  {
    name: 'power',
    hash: '#/power',
    ready: '#power-table tbody tr',
    texts: ['Model × power level', 'Energy per output token (J/token)', 'Output speed (tokens/s)', 'not measured'],
  },
  { name: 'failures', hash: '#/failures', ready: '#failure-matrix tbody tr', texts: ['Failure surface', 'no_json', 'runtime_error', 'hard'] },
  { name: 'pareto', hash: '#/pareto', ready: '#pareto-chart svg', texts: ['Pareto frontiers', 'on frontier', 'Energy per run'] },
  { name: 'comparisons', hash: '#/comparisons', ready: '#forest-chart svg', texts: ['Comparisons', 'Paired differences', 'insufficient evidence'] },
  { name: 'dual', hash: '#/dual', ready: '#slope-chart svg', texts: ['Dual scoring', 'Format score', 'Executor score'] },
  {
    name: 'passk',
    hash: '#/passk?experiment=arith&arm=plain',
    ready: '#passk-chart svg[aria-label]',
    texts: ['pass@k', 'pass@1', 'pass@2', 'Samples per task'],
  },
  { name: 'judge', hash: '#/judge', ready: '#empty-judge', texts: ['Judge reliability', 'no judged suite was run'] },
  { name: 'json', hash: '#/json', ready: '#file-list tbody tr', texts: ['Raw JSON', 'model_rankings.json', 'runs/runs-0001.json', 'sha256'] },
  { name: 'json-file', hash: '#/json/model_rankings.json', ready: 'lb-json-tree li', texts: ['raw model_rankings.json', 'generated_from'] },
];

export function routesSuite(site: () => Site): void {
  describe('every route, at 1280×800 and 390 px, under a sub-path', () => {
    for (const route of ROUTES) {
      it(`${route.name} renders its content without console errors`, async () => {
        for (const width of [1280, 390]) {
          const { page, errors } = await openPage(site().browser, { width, height: 800 });
          await page.goto(site().subPathUrl + route.hash);
          await page.locator(route.ready).first().waitFor({ timeout: 15_000 });
          const text = await deepText(page);
          for (const expected of route.texts) expect(text, `${route.name} at ${width}px`).toContain(expected);
          // The fixture has simulated records: the banner must be there on every view.
          expect(text).toContain('Simulated data: 80 of 240 records');
          await page.screenshot({ path: path.join(SCREENSHOTS, `${route.name}-${width}.png`), fullPage: width === 1280 });
          expect(errors, `console errors on ${route.hash} at ${width}px`).toEqual([]);
          await page.context().close();
        }
      });
    }

    it('the same build works at / and in the dark theme', async () => {
      const { page, errors } = await openPage(site().browser, { colorScheme: 'dark' });
      await page.goto(site().rootUrl + '#/models');
      await page.locator('#models-table tbody tr').first().waitFor();
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(background).toBe('rgb(15, 20, 25)');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'models-dark-1280.png') });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('keyboard focus is visible: Tab reaches the navigation with a solid outline', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(site().subPathUrl + '#/models');
      await page.locator('#models-table tbody tr').first().waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(`(() => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, text: el.textContent.trim(), outline: style.outlineStyle, width: style.outlineWidth };
      })()`)) as { tag: string; text: string; outline: string; width: string };
      expect(focused).toEqual({ tag: 'A', text: 'Leaderboard', outline: 'solid', width: '3px' });
      await page.context().close();
    });

    it('narrow tables scroll inside their box instead of widening the page', async () => {
      const { page } = await openPage(site().browser, { width: 390 });
      await page.goto(site().subPathUrl + '#/models');
      await page.locator('#models-table tbody tr').first().waitFor();
      const pageWidth = await page.evaluate('document.documentElement.scrollWidth');
      expect(pageWidth).toBeLessThanOrEqual(392);
      await page.context().close();
    });
  });
}
