import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, openPage, type Site } from '../harness.ts';
import { ComparisonsSchema, type ComparisonRow } from '../../../schema/surfaces/comparisons.ts';
import { comparisonArgs, comparisonKeyOf, formatHash } from '../../../ui/state/route.ts';

const PHONE = { width: 390, height: 844 };

/** Text smaller than this is hard to read on a phone held at arm's length. */
const MIN_FONT_PX = 12;

// Browser-side audit as a string (no transpiler helpers in the page): every visible element that
// reaches past the screen's right edge without a sideways-scrolling box around it, and any text
// set smaller than MIN_FONT_PX.
const LAYOUT_AUDIT = `(() => {
  const MIN_FONT = ${MIN_FONT_PX};
  const width = document.documentElement.clientWidth;
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const scrolls = (el) => { const s = getComputedStyle(el); return (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') && el.getBoundingClientRect().right <= width + 0.5; };
  const inScroller = (el) => { for (let p = parentOf(el); p; p = parentOf(p)) if (scrolls(p)) return true; return false; };
  const all = [];
  const walk = (root) => root.querySelectorAll('*').forEach((el) => { all.push(el); if (el.shadowRoot) walk(el.shadowRoot); });
  walk(document);
  const overflowing = [];
  const small = [];
  for (const el of all) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (rect.right > width + 0.5 && !inScroller(el)) overflowing.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' right=' + Math.round(rect.right));
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (hasText && !el.closest('svg') && size < MIN_FONT) small.push(el.tagName.toLowerCase() + ' ' + size.toFixed(1) + 'px: ' + el.textContent.trim().slice(0, 30));
  }
  return { scrollWidth: document.documentElement.scrollWidth, overflowing: overflowing.slice(0, 10), small: small.slice(0, 10) };
})()`;

interface LayoutAudit {
  scrollWidth: number;
  overflowing: string[];
  small: string[];
}

async function expectFits(page: Page, name: string): Promise<void> {
  const audit = (await page.evaluate(LAYOUT_AUDIT)) as LayoutAudit;
  expect(audit.scrollWidth, `${name}: the page scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  expect(audit.overflowing, `${name}: elements past the right edge outside a scrolling table`).toEqual([]);
  expect(audit.small, `${name}: text under ${MIN_FONT_PX} px`).toEqual([]);
}

/** The element lies within the screen's width (it may be below the fold: the page scrolls down). */
async function expectOnScreen(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is not rendered`).not.toBeNull();
  expect(box!.x, selector).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, selector).toBeLessThanOrEqual(PHONE.width + 0.5);
}

const verdictHash = (row: ComparisonRow) =>
  formatHash({
    view: 'verdict',
    args: comparisonArgs(comparisonKeyOf(row)),
    query: {},
  });

export function smallScreenSuite(site: () => Site): void {
  describe('small screens (390×844)', () => {
    it('the leaderboard fits: no sideways page scroll, readable text, every control on screen and working', async () => {
      const { page, errors } = await openPage(site().browser, PHONE);
      await page.goto(site().subPathUrl + '#/leaderboard');
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      await expectFits(page, 'leaderboard');
      for (const selector of ['h2', '#leaderboard-table tbody tr th', '#suite-switcher a', 'details.columns summary', '#leaders'])
        await expectOnScreen(page, selector);
      // Every suite button can be reached and used at this width.
      const suites = page.locator('#suite-switcher a');
      for (let i = 0; i < (await suites.count()); i++) await expectOnScreen(page, `#suite-switcher a >> nth=${i}`);
      const last = suites.last();
      const suite = ((await last.textContent()) ?? '').trim();
      await last.click();
      await page.waitForFunction((name) => location.hash.includes(`experiment=${encodeURIComponent(name)}`), suite);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      await expectFits(page, `leaderboard, suite ${suite}`);
      await page.locator('details.columns summary').click();
      await expectFits(page, 'leaderboard, columns open');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'small-leaderboard-390.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('every verdict page fits, with its verdict, counts, task lists and recommendation on screen', async () => {
      const response = await fetch(`${site().subPathUrl}data/comparisons.json`);
      const rows = ComparisonsSchema.parse(await response.json()).rows;
      expect(rows.length).toBeGreaterThan(0);
      const { page, errors } = await openPage(site().browser, PHONE);
      for (const row of rows) {
        await page.goto(site().subPathUrl + verdictHash(row));
        await page.locator('#pair-counts').waitFor();
        await expectFits(page, verdictHash(row));
        for (const selector of ['#verdict-title', '#verdict', '#verdict-reason', '#pair-counts', '#recommendation']) await expectOnScreen(page, selector);
        if (row.discordant.lost.length > 0) await expectOnScreen(page, '#lost-tasks a');
        await page.goto('about:blank');
      }
      await page.goto(site().subPathUrl + verdictHash(rows[0]!));
      await page.locator('#pair-counts').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'small-verdict-390.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
