// Time to first interactive view in Chromium: `npx tsx bench/ui-load.ts [--runs 100000] [--repeats 5]` (`--runs 0`: demo only).
// Exports the demo ledger and a synthetic sweep, builds the site for each, and measures from
// navigation start until the landing view's table (the leaderboard) has rendered rows. Numbers go in bench/RESULTS.md.
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, buildSite, exportLedgers, launchChromium, serve } from '../test/e2e/harness.ts';
import { makeRuns, toJsonl } from '../test/e2e/fixtures/make-runs.ts';
import { largeSpec } from '../test/e2e/fixtures/specs.ts';
import type { Browser } from 'playwright-core';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, repeats: { type: 'string', default: '5' } } });
const syntheticRuns = Number(values.runs);
const repeats = Number(values.repeats);

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** The first view (the target), then heavier ones for information; `model` is filled in per export. */
function views(model: string): { hash: string; ready: string }[] {
  return [
    // The landing view: the empty hash shows the leaderboard.
    { hash: '', ready: '#leaderboard-table tbody tr' },
    { hash: '#/models', ready: '#models-table tbody tr' },
    { hash: '#/tasks', ready: '#task-ranking tbody tr' },
    { hash: '#/heatmap', ready: '#heatmap-table tbody tr' },
    { hash: '#/failures', ready: '#failure-matrix tbody tr' },
    { hash: `#/model/${encodeURIComponent(model)}`, ready: '#suite-chart svg' },
  ];
}

// Each data/ file the view fetched: when its response ended (ms from navigation start) and its size.
const DATA_FETCHES = `performance.getEntriesByType('resource')
  .filter((entry) => entry.name.includes('/data/'))
  .map((entry) => ({ file: entry.name.slice(entry.name.indexOf('/data/') + 6), end: entry.responseEnd, bytes: entry.encodedBodySize }))`;

interface DataFetch {
  file: string;
  end: number;
  bytes: number;
}

/**
 * Loads a view in a fresh context (empty cache) `repeats` times; returns ms from navigation start
 * to rendered rows, and the data/ files the last load fetched: the gap between the last fetch's end
 * and the rendered rows is parsing, validation and rendering.
 */
async function measure(browser: Browser, url: string, view: { hash: string; ready: string }): Promise<{ times: number[]; fetches: DataFetch[] }> {
  const times: number[] = [];
  let fetches: DataFetch[] = [];
  for (let i = 0; i < repeats; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${url}${view.hash}`);
    await page.locator(view.ready).first().waitFor({ timeout: 60_000, state: 'attached' });
    // performance.now() counts from navigation start: fetch, parse, validate and render included.
    times.push((await page.evaluate('performance.now()')) as number);
    fetches = (await page.evaluate(DATA_FETCHES)) as DataFetch[];
    await context.close();
  }
  return { times, fetches };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchOne(browser: Browser, label: string, ledgerGlob: string, work: string): Promise<void> {
  const data = path.join(work, `${label}-data`);
  const dist = path.join(work, `${label}-dist`);
  let started = Date.now();
  await exportLedgers(ledgerGlob, data);
  const exportMs = Date.now() - started;
  started = Date.now();
  await buildSite(data, dist);
  const buildMs = Date.now() - started;
  const { url, server } = await serve(dist, '/');
  try {
    const mb = (await folderBytes(data)) / 1e6;
    console.log(`${label}: export ${(exportMs / 1000).toFixed(1)} s, build ${(buildMs / 1000).toFixed(1)} s, data/ ${mb.toFixed(1)} MB`);
    const rankings = JSON.parse(await readFile(path.join(data, 'model_rankings.json'), 'utf8')) as { rows: { model: string }[] };
    for (const view of views(rankings.rows[0]?.model ?? '')) {
      const { times, fetches } = await measure(browser, url, view);
      console.log(`  ${view.hash}: interactive after median ${median(times).toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
      const fetched = fetches.map((entry) => `${entry.file} ${(entry.bytes / 1e3).toFixed(0)} kB by ${entry.end.toFixed(0)} ms`);
      console.log(`    last load fetched: ${fetched.join(', ') || 'nothing from data/'}; rendered at ${times.at(-1)!.toFixed(0)} ms`);
    }
  } finally {
    await server.close();
  }
}

const work = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-ui-load-'));
const browser = await launchChromium();
try {
  const demo = path.join(REPO, 'ledgers/demo');
  const demoFiles = (await readdir(demo).catch(() => [])).filter((name) => name.endsWith('.jsonl'));
  if (demoFiles.length > 0) await benchOne(browser, 'demo', 'ledgers/demo/**/*.jsonl', work);
  else console.log('demo: skipped, ledgers/demo/ has no .jsonl yet');

  if (syntheticRuns > 0) {
    const ledgerDir = path.join(work, 'synthetic');
    await mkdir(ledgerDir);
    const runs = makeRuns(largeSpec(syntheticRuns));
    await writeFile(path.join(ledgerDir, 'synthetic.jsonl'), toJsonl(runs));
    console.log(`synthetic ledger: ${runs.length} runs`);
    await benchOne(browser, `synthetic-${runs.length}`, path.join(ledgerDir, '*.jsonl'), work);
  }
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}
