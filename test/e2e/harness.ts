import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { suspectsLedger } from './fixtures/suspects-ledger.ts';

const run = promisify(execFile);

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(REPO, 'test-output/screenshots');

/** Debian's Chromium with the flags a container needs; CI installs the same package. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Runs the real exporter over a ledger glob into `out`. */
export async function exportLedgers(glob: string, out: string): Promise<void> {
  await run(process.execPath, [path.join(REPO, 'bin/ledgerbench.js'), 'export', '--ledgers', glob, '--out', out], { cwd: REPO });
}

/** Builds the site once with `LEDGERBENCH_DATA` pointing at `dataDir`. */
export async function buildSite(dataDir: string, outDir: string): Promise<void> {
  const previous = process.env.LEDGERBENCH_DATA;
  process.env.LEDGERBENCH_DATA = dataDir;
  try {
    await build({ configFile: path.join(REPO, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    if (previous === undefined) delete process.env.LEDGERBENCH_DATA;
    else process.env.LEDGERBENCH_DATA = previous;
  }
}

/** Serves a built folder with vite's preview server at `base` on a random loopback port. */
export async function serve(outDir: string, base: string): Promise<{ url: string; server: PreviewServer }> {
  const server = await preview({
    configFile: path.join(REPO, 'vite.config.ts'),
    logLevel: 'error',
    base,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  return { url: `http://127.0.0.1:${address.port}${base}`, server };
}

export interface Site {
  /** The main fixture site under the `/ledgerbench/` sub-path. */
  subPathUrl: string;
  /** The same build at `/`. */
  rootUrl: string;
  /** The same build with the XSS fixture's data swapped in. */
  xssUrl: string;
  /** The main data with no rows in comparisons.json, dual_scoring.json and pass_at_k.json (an export of a sweep without them). */
  partialUrl: string;
  /** The build with no data/ at all. */
  emptyUrl: string;
  /** The main data with one wrong value in model_rankings.json. */
  brokenUrl: string;
  /** The same build with the harness-suspect fixture's data swapped in (test/e2e/fixtures/suspects-ledger.ts). */
  suspectsUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * One export, one build, one browser for every browser test: the fixture ledgers are exported by
 * the real exporter, the site built once, and its dist copied with the XSS export as its data/.
 */
export async function startSite(): Promise<Site> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-e2e-'));
  const dataE2e = path.join(work, 'data-e2e');
  const dataXss = path.join(work, 'data-xss');
  const dataSuspects = path.join(work, 'data-suspects');
  await mkdir(path.join(work, 'ledgers-suspects'));
  await writeFile(path.join(work, 'ledgers-suspects', 'suspects.jsonl'), suspectsLedger());
  await Promise.all([
    exportLedgers('test/fixtures/ledgers/e2e/*.jsonl', dataE2e),
    exportLedgers('test/fixtures/ledgers/xss/*.jsonl', dataXss),
    exportLedgers(path.join(work, 'ledgers-suspects', '*.jsonl'), dataSuspects),
  ]);
  const dist = path.join(work, 'dist');
  await buildSite(dataE2e, dist);
  const distXss = path.join(work, 'dist-xss');
  await cp(dist, distXss, { recursive: true });
  await rm(path.join(distXss, 'data'), { recursive: true });
  await cp(dataXss, path.join(distXss, 'data'), { recursive: true });
  const distPartial = await variant(dist, path.join(work, 'dist-partial'), async (data) => {
    // The exporter always writes these three files; a sweep without pairs, arms or runs leaves them without rows.
    for (const file of ['comparisons.json', 'dual_scoring.json', 'pass_at_k.json']) {
      const surface = JSON.parse(await readFile(path.join(data, file), 'utf8')) as Record<string, unknown>;
      surface.rows = [];
      if ('recommendations' in surface) surface.recommendations = [];
      if ('task_rows' in surface) surface.task_rows = [];
      await writeFile(path.join(data, file), JSON.stringify(surface));
    }
  });
  const distEmpty = await variant(dist, path.join(work, 'dist-empty'), (data) => rm(data, { recursive: true }));
  const distBroken = await variant(dist, path.join(work, 'dist-broken'), async (data) => {
    const file = path.join(data, 'model_rankings.json');
    const surface = JSON.parse(await readFile(file, 'utf8')) as { rows: Record<string, unknown>[] };
    surface.rows[1]!.run_pass_rate = 'high';
    await writeFile(file, JSON.stringify(surface));
  });
  const distSuspects = await variant(dist, path.join(work, 'dist-suspects'), async (data) => {
    await rm(data, { recursive: true });
    await cp(dataSuspects, data, { recursive: true });
  });
  const [sub, root, xss, partial, empty, broken, suspects] = await Promise.all([
    serve(dist, '/ledgerbench/'),
    serve(dist, '/'),
    serve(distXss, '/ledgerbench/'),
    serve(distPartial, '/ledgerbench/'),
    serve(distEmpty, '/ledgerbench/'),
    serve(distBroken, '/ledgerbench/'),
    serve(distSuspects, '/ledgerbench/'),
  ]);
  const servers = [sub, root, xss, partial, empty, broken, suspects];
  const browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    subPathUrl: sub.url,
    rootUrl: root.url,
    xssUrl: xss.url,
    partialUrl: partial.url,
    emptyUrl: empty.url,
    brokenUrl: broken.url,
    suspectsUrl: suspects.url,
    browser,
    async close() {
      await browser.close();
      await Promise.all(servers.map((entry) => entry.server.close()));
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** A copy of a built site whose data/ folder `edit` changes. */
async function variant(dist: string, to: string, edit: (dataDir: string) => Promise<void>): Promise<string> {
  await cp(dist, to, { recursive: true });
  await edit(path.join(to, 'data'));
  return to;
}

/** A page that records console errors and uncaught exceptions, so a test can assert there were none. */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return { page, errors };
}

// Browser-side helpers are strings: a transpiler's helper names (esbuild's `__name`) would not exist in the page.
const DEEP_TEXT = `(() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent || '');
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(document.body);
  return parts.join(' ').replace(/\\s+/g, ' ');
})()`;

/** Text of the whole page including every open shadow root (Lit renders into shadow DOM). */
export function deepText(page: Page): Promise<string> {
  return page.evaluate(DEEP_TEXT) as Promise<string>;
}

const DEEP_QUERY = (selector: string) => `(() => {
  const found = [];
  const walk = (root) => {
    root.querySelectorAll(${JSON.stringify(selector)}).forEach((el) => found.push(el));
    root.querySelectorAll('*').forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
  };
  walk(document);
  return found.map((el) => el.outerHTML.slice(0, 200));
})()`;

/** outerHTML (cut short) of every element matching a selector in the document and all shadow roots. */
export function deepQuery(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(DEEP_QUERY(selector)) as Promise<string[]>;
}

const DEEP_AUDIT = `(() => {
  const all = [];
  const walk = (root) => {
    root.querySelectorAll('*').forEach((el) => {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    });
  };
  walk(document);
  const inlineScripts = all.filter((el) => el.tagName === 'SCRIPT' && !/\\/assets\\//.test(el.getAttribute('src') || '')).map((el) => el.outerHTML.slice(0, 120));
  const images = all.filter((el) => el.tagName === 'IMG' || el.tagName === 'IFRAME' || el.tagName === 'OBJECT').map((el) => el.outerHTML.slice(0, 120));
  const scriptLinks = all
    .filter((el) => el.hasAttribute('href'))
    .filter((el) => /^\\s*(javascript|vbscript):/i.test(el.getAttribute('href')) || (el.tagName === 'A' && /^\\s*data:/i.test(el.getAttribute('href'))))
    .map((el) => el.getAttribute('href'));
  const handlers = all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => el.tagName + ' ' + a.name));
  return { inlineScripts, images, scriptLinks, handlers, xssFlag: window.__xss === undefined ? null : String(window.__xss) };
})()`;

export interface Audit {
  inlineScripts: string[];
  images: string[];
  scriptLinks: string[];
  handlers: string[];
  xssFlag: string | null;
}

/** Everything an injection would leave behind, searched through every shadow root. */
export function auditPage(page: Page): Promise<Audit> {
  return page.evaluate(DEEP_AUDIT) as Promise<Audit>;
}
