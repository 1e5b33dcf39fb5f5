import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runImport } from '../runner/import/helpers.ts';
import { buildSite, deepText, exportLedgers, launchChromium, openPage, serve } from './harness.ts';

/**
 * Imported results through the whole pipeline: `ledgerbench import` on the hand-written fixtures,
 * the real exporter, the built site in Chromium. Its own small build, so the main fixture's counts
 * stay as they are.
 */
let work: string;
let url: string;
let server: PreviewServer;
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-e2e-import-'));
  const ledgers = path.join(work, 'ledgers');
  const lmEval = [fixture('lm-eval', 'results_2026-11-20T10-00-00.000000.json'), fixture('lm-eval', 'samples_gsm8k_2026-11-20T10-00-00.000000.jsonl')];
  await runImport(['--from', 'lm-eval', ...lmEval, '--rescore', '--out', path.join(ledgers, 'lm.jsonl')]);
  await runImport(['--from', 'tokenjam', fixture('tokenjam', 'tjbench_humaneval_tj0.4.2_mock.json'), '--out', path.join(ledgers, 'tj.jsonl')]);
  await runImport(['--from', 'jarri', fixture('jarri', 'llm_benchmark_runs.jsonl'), '--out', path.join(ledgers, 'jarri.jsonl')]);
  const data = path.join(work, 'data');
  await exportLedgers(path.join(ledgers, '*.jsonl'), data);
  const dist = path.join(work, 'dist');
  await buildSite(data, dist);
  ({ url, server } = await serve(dist, '/'));
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('imported runs on the site', () => {
  it('#/rescoring shows agreement per suite and links each disagreeing run to its origin block', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${url}#/rescoring`);
    await page.locator('#rescoring-table tbody tr').first().waitFor({ timeout: 15_000 });
    const text = await deepText(page);
    for (const expected of ['Re-scoring: their scorer against ours', 'gsm8k', 'lm-eval', 'numeric@1', '83.3%']) expect(text).toContain(expected);
    // The mock tokenjam proof is simulated: the site says so.
    expect(text).toMatch(/Simulated data: 4 of 15 records/);
    await page.locator('#rescoring-table a[href*="#/run/"]').first().click();
    await page.locator('lb-origin #origin').waitFor({ timeout: 15_000 });
    const run = await deepText(page);
    for (const expected of [
      'Origin',
      'lm-evaluation-harness',
      'samples_gsm8k_2026-11-20T10-00-00.000000.jsonl',
      'line 3',
      'exact_match,strict-match',
      'scored again with our evaluator',
    ]) {
      expect(run).toContain(expected);
    }
    expect(errors).toEqual([]);
  });

  it('a run whose source kept no answer says so, and the task grid marks it imported', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${url}#/task/coding/sum_list`);
    await page.locator('article.run pre.response').first().waitFor({ timeout: 15_000 });
    const text = await deepText(page);
    expect(text).toContain('(response not recorded by the source harness)');
    expect(text).toContain('imported: jarri-benchmark');
    expect(errors).toEqual([]);
  });

  it('the side-by-side of an imported comparison marks both runs imported', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${url}#/pair/openai%3Agpt-4o/openai%3Agpt-4o-mini/humaneval/plain/default/default/HumanEval%2F1`);
    await page.locator('article.side').first().waitFor({ timeout: 15_000 });
    const text = await deepText(page);
    expect(text.match(/imported: tokenjam-bench/g)).toHaveLength(2);
    expect(text).toContain('AssertionError: expected [1, 2] got [2, 1]');
    expect(errors).toEqual([]);
  });
});
