import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { REPO, openPage, type Site } from '../harness.ts';
import { ComparisonsSchema } from '../../../schema/surfaces/comparisons.ts';
import { RunsShardSchema } from '../../../schema/surfaces/runs-shard.ts';
import { comparisonArgs, comparisonKeyOf, formatHash, pairArgs } from '../../../ui/state/route.ts';

/**
 * Visual regression: each view of the e2e fixture export, at a fixed viewport, against a reviewed
 * golden PNG in test/golden/screens/. `UPDATE_GOLDEN=1` rewrites the goldens on purpose (open and
 * review them before committing). A mismatch writes `<name>-changed.png` and `<name>-diff.png`
 * (differing pixels in red) to test-output/screens/ and names them in the error.
 */
const GOLDEN = path.join(REPO, 'test/golden/screens');
const CHANGED = path.join(REPO, 'test-output/screens');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const VIEWPORT = { width: 1280, height: 800 };
/** A pixel differs when one channel moved by more than this (of 255): anti-aliasing noise stays under it. */
const CHANNEL_THRESHOLD = 48;
/**
 * A screen matches when at most this many of its pixels differ. Rendering here is the same run to
 * run (0 differing); the allowance is for stray anti-aliasing, and is smaller than one changed
 * digit in body text (the guard test below holds it to that).
 */
const MAX_DIFFERING_PIXELS = 12;

/**
 * What the goldens were rendered with. Pixels are only comparable from the same Chromium build and
 * the same fonts: on another renderer the comparison is skipped, loudly, rather than failed or
 * loosened — the screenshots are still written to test-output/ for review.
 */
const RENDERER = path.join(GOLDEN, 'renderer.json');

function fontsOf(): string {
  try {
    return ['sans-serif', 'serif', 'monospace'].map((family) => execFileSync('fc-match', [family], { encoding: 'utf8' }).trim()).join('; ');
  } catch {
    return 'unknown (no fc-match)';
  }
}

async function rendererOf(browser: Browser): Promise<string> {
  return JSON.stringify({ chromium: browser.version(), fonts: fontsOf() });
}

interface Screen {
  name: string;
  hash: string;
  ready: string;
  /** A phone-sized screen instead of VIEWPORT. */
  phone?: boolean;
}

const PHONE = { width: 390, height: 844 };

const FIXED: Screen[] = [
  { name: 'leaderboard', hash: '#/leaderboard', ready: '#leaderboard-table tbody tr' },
  { name: 'models', hash: '#/models', ready: '#models-table tbody tr' },
  { name: 'model', hash: '#/model/org%2Ffixture-coder%3A7b', ready: '#suite-chart svg' },
  { name: 'tasks', hash: '#/tasks', ready: '#task-ranking tbody tr' },
  { name: 'task', hash: '#/task/arith/arith-002', ready: 'article.run pre.response' },
  { name: 'heatmap', hash: '#/heatmap', ready: '.heatmap-chart svg[aria-label]' },
  { name: 'power', hash: '#/power', ready: '#power-table tbody tr' },
  { name: 'failures', hash: '#/failures', ready: '#failure-matrix tbody tr' },
  { name: 'pareto', hash: '#/pareto', ready: '#pareto-chart svg' },
  { name: 'comparisons', hash: '#/comparisons', ready: '#forest-chart svg' },
  { name: 'dual', hash: '#/dual', ready: '#slope-chart svg' },
  { name: 'passk', hash: '#/passk?experiment=arith&arm=plain', ready: '#passk-chart svg[aria-label]' },
  { name: 'rescoring', hash: '#/rescoring', ready: '#empty-rescoring, #rescoring-table tbody tr' },
  { name: 'judge', hash: '#/judge', ready: '#empty-judge, #judge-table tbody tr' },
  // The engine has loaded and read runs.parquet once the source note names it; no query is run.
  { name: 'sql', hash: '#/sql', ready: '#sql-runs-source' },
  { name: 'json', hash: '#/json', ready: '#ledger-list tbody tr' },
  { name: 'json-file', hash: '#/json/model_rankings.json?node=rows%5B0%5D', ready: 'lb-json-tree li.current' },
  { name: 'leaderboard-390', hash: '#/leaderboard', ready: '#leaderboard-table tbody tr', phone: true },
];

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** The drill-downs, at the fixture's first comparison (with a lost task) and its first run. */
async function drillDowns(site: Site): Promise<Screen[]> {
  const comparisons = ComparisonsSchema.parse(await fetchJson(`${site.subPathUrl}data/comparisons.json`)).rows;
  const row = comparisons.find((entry) => entry.discordant.lost.length > 0)!;
  const key = comparisonKeyOf(row);
  const run = RunsShardSchema.parse(await fetchJson(`${site.subPathUrl}data/runs/runs-0001.json`)).rows[0]!;
  return [
    { name: 'verdict', hash: formatHash({ view: 'verdict', args: comparisonArgs(key), query: {} }), ready: '#pair-counts' },
    { name: 'verdict-390', hash: formatHash({ view: 'verdict', args: comparisonArgs(key), query: {} }), ready: '#pair-counts', phone: true },
    { name: 'pair', hash: formatHash({ view: 'pair', args: pairArgs(key, row.discordant.lost[0]!), query: {} }), ready: 'article.side' },
    { name: 'run', hash: formatHash({ view: 'run', args: [run.run_id], query: {} }), ready: '#run-summary' },
  ];
}

/** Loads a view and waits until nothing is left to fetch, fonts are in and two frames have painted. */
async function shoot(browser: Browser, url: string, screen: Screen): Promise<Buffer> {
  const { page, errors } = await openPage(browser, screen.phone ? PHONE : VIEWPORT);
  try {
    await page.goto(url + screen.hash);
    await page.locator(screen.ready).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await page.evaluate('document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))');
    const png = await page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
    expect(errors, screen.name).toEqual([]);
    return png;
  } finally {
    await page.context().close();
  }
}

// Runs in the page (a string: no transpiler helpers there). Both PNGs are decoded by Chromium itself.
const COMPARE = `async ({ golden, actual, threshold }) => {
  const load = (src) => new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('not a PNG'));
    image.src = 'data:image/png;base64,' + src;
  });
  const [a, b] = await Promise.all([load(golden), load(actual)]);
  const pixels = (image) => {
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height);
  };
  if (a.width !== b.width || a.height !== b.height) return { size: [a.width, a.height, b.width, b.height], differing: a.width * a.height, total: a.width * a.height, diff: null };
  const pa = pixels(a).data;
  const pb = pixels(b);
  const out = new ImageData(a.width, a.height);
  let differing = 0;
  for (let i = 0; i < pa.length; i += 4) {
    const moved = Math.max(Math.abs(pa[i] - pb.data[i]), Math.abs(pa[i + 1] - pb.data[i + 1]), Math.abs(pa[i + 2] - pb.data[i + 2]), Math.abs(pa[i + 3] - pb.data[i + 3]));
    const grey = 255 - (255 - (pb.data[i] + pb.data[i + 1] + pb.data[i + 2]) / 3) * 0.25;
    if (moved > threshold) differing += 1;
    out.data.set(moved > threshold ? [220, 0, 0, 255] : [grey, grey, grey, 255], i);
  }
  const canvas = document.createElement('canvas');
  canvas.width = a.width;
  canvas.height = a.height;
  canvas.getContext('2d').putImageData(out, 0, 0);
  return { size: null, differing, total: a.width * a.height, diff: canvas.toDataURL('image/png').split(',')[1] };
}`;

interface Comparison {
  size: number[] | null;
  differing: number;
  total: number;
  diff: string | null;
}

async function compare(page: Page, golden: Buffer, actual: Buffer): Promise<Comparison> {
  const args = { golden: golden.toString('base64'), actual: actual.toString('base64'), threshold: CHANNEL_THRESHOLD };
  return (await page.evaluate(`(${COMPARE})(${JSON.stringify(args)})`)) as Comparison;
}

/** Compares one screenshot with its golden; on a mismatch writes the evidence and throws naming it. */
async function expectMatches(browser: Browser, name: string, actual: Buffer): Promise<void> {
  const goldenPath = path.join(GOLDEN, `${name}.png`);
  if (UPDATE) {
    await writeFile(goldenPath, actual);
    return;
  }
  if (!existsSync(goldenPath))
    throw new Error(
      `no golden ${path.relative(REPO, goldenPath)}: run UPDATE_GOLDEN=1 npx vitest run test/e2e/site.test.ts -t screens, review the PNG, commit it`,
    );
  const { page } = await openPage(browser, { width: 200, height: 200 });
  try {
    const result = await compare(page, await readFile(goldenPath), actual);
    if (result.differing > 0) console.log(`screen ${name}: ${result.differing} pixels differ from its golden`);
    if (result.size === null && result.differing <= MAX_DIFFERING_PIXELS) return;
    await mkdir(CHANGED, { recursive: true });
    const changed = path.join(CHANGED, `${name}-changed.png`);
    const diff = path.join(CHANGED, `${name}-diff.png`);
    await writeFile(changed, actual);
    if (result.diff !== null) await writeFile(diff, Buffer.from(result.diff, 'base64'));
    const what =
      result.size === null
        ? `${result.differing} of ${result.total} pixels differ (over ${MAX_DIFFERING_PIXELS})`
        : `size ${result.size[2]}×${result.size[3]}, golden ${result.size[0]}×${result.size[1]}`;
    const files = result.diff === null ? changed : `${changed} and ${diff}`;
    throw new Error(`screen ${name} differs from ${path.relative(REPO, goldenPath)}: ${what}; see ${files}. If intended: UPDATE_GOLDEN=1, review, commit.`);
  } finally {
    await page.context().close();
  }
}

export function screensSuite(site: () => Site): void {
  describe('screens match their reviewed goldens', () => {
    it('the comparison itself tells a changed screen from the same one', async () => {
      // A guard on the guard: the same screenshot matches; one digit changed in a table cell does not.
      const { page } = await openPage(site().browser, VIEWPORT);
      await page.setContent(
        '<body style="margin:0;background:#fff;font:13px system-ui"><table><tr><td>pass rate</td><td id="cell">62.5%</td></tr></table></body>',
      );
      const before = await page.screenshot();
      await page.locator('#cell').evaluate((element) => {
        element.textContent = '63.5%';
      });
      const after = await page.screenshot();
      expect((await compare(page, before, before)).differing).toBe(0);
      expect((await compare(page, before, after)).differing).toBeGreaterThan(MAX_DIFFERING_PIXELS);
      await page.context().close();
    });

    it('every view at 1280×800, and the leaderboard and a verdict at 390×844, on the fixture export', async (context) => {
      const screens = [...FIXED, ...(await drillDowns(site()))];
      const renderer = await rendererOf(site().browser);
      if (UPDATE) await writeFile(RENDERER, `${renderer}\n`);
      const recorded = existsSync(RENDERER) ? (await readFile(RENDERER, 'utf8')).trim() : null;
      if (recorded !== renderer) {
        await mkdir(CHANGED, { recursive: true });
        for (const screen of screens) await writeFile(path.join(CHANGED, `${screen.name}.png`), await shoot(site().browser, site().subPathUrl, screen));
        console.warn(
          `screens: the goldens were rendered by ${recorded ?? 'an unrecorded renderer'}, this is ${renderer}: pixel comparison skipped; screenshots in ${path.relative(REPO, CHANGED)}/ (UPDATE_GOLDEN=1 re-renders the goldens here)`,
        );
        context.skip();
      }
      const failures: string[] = [];
      for (const screen of screens) {
        const png = await shoot(site().browser, site().subPathUrl, screen);
        await expectMatches(site().browser, screen.name, png).catch((error: unknown) => failures.push(error instanceof Error ? error.message : String(error)));
      }
      expect(failures).toEqual([]);
    }, 240_000);
  });
}
