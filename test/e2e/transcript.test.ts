// A tool-use sweep from the simulator, exported and built, its transcripts read in Chromium.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewServer } from 'vite';
import type { Browser } from 'playwright-core';
import type { RunRecord } from '../../schema/run-record.ts';
import { REPO, SCREENSHOTS, buildSite, deepQuery, deepText, exportLedgers, launchChromium, openPage, serve } from './harness.ts';

const exec = promisify(execFile);
/** Model text that would run script if it were ever rendered as markup. */
const HOSTILE = '<img src=x onerror="window.__lbXss=1">Checking <b>now</b>';

let work = '';
let url = '';
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let records: RunRecord[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ledgerbench-transcript-'));
  const ledgers = path.join(work, 'ledgers');
  await exec(
    process.execPath,
    [path.join(REPO, 'bin/ledgerbench.js'), 'run', '--models', 'sim:large,sim:small', '--experiments', 'tool_use_v1', '--ledgers-dir', ledgers],
    { cwd: REPO },
  );
  const [file] = (await readdir(ledgers)).filter((name) => name.endsWith('.jsonl'));
  const ledger = path.join(ledgers, file!);
  records = (await readFile(ledger, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunRecord);
  // The first turn of the first run says something hostile: the page must show it as text.
  records[0]!.agent!.turns[0]!.content = HOSTILE;
  await writeFile(ledger, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  const data = path.join(work, 'data');
  await exportLedgers(ledger, data);
  await buildSite(data, path.join(work, 'dist'));
  const served = await serve(path.join(work, 'dist'), '/');
  server = served.server;
  url = served.url;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('agent transcripts on the site', () => {
  it('records every simulated run with its turns, the run tokens and model time the sums over them', () => {
    expect(records).toHaveLength(48);
    for (const record of records) {
      const turns = record.agent!.turns;
      expect(record.tokens.prompt).toBe(turns.reduce((sum, turn) => sum + turn.tokens.prompt!, 0));
      expect(record.tokens.output).toBe(turns.reduce((sum, turn) => sum + turn.tokens.output!, 0));
      expect(record.timing.wall_ms).toBeCloseTo(
        turns.reduce((sum, turn) => sum + turn.wall_ms, 0),
        2,
      );
      expect(record.simulated).toBe(true);
    }
  });

  it('shows a run transcript in the run view, model text inert', async () => {
    const { page, errors } = await openPage(browser!);
    const first = records[0]!;
    await page.goto(`${url}#/run/${first.run_id}`);
    await page.waitForFunction(`document.querySelector('lb-app') !== null`);
    await expect.poll(async () => (await deepQuery(page, 'li.turn')).length, { timeout: 20_000 }).toBe(first.agent!.turns.length);
    const text = await deepText(page);
    expect(text).toContain('Transcript');
    expect(first.request?.system).toMatch(/^You work in a sandboxed workspace/);
    expect(text).toContain(first.request!.system!);
    expect(text).toContain('<img src=x onerror="window.__lbXss=1">Checking <b>now</b>');
    expect(await deepQuery(page, 'pre.reply')).not.toEqual([]);
    expect(await deepQuery(page, 'pre.reply img')).toEqual([]);
    expect(await deepQuery(page, 'pre.reply b')).toEqual([]);
    expect(await page.evaluate('window.__lbXss')).toBeUndefined();
    const call = first.agent!.turns.find((turn) => turn.tool_calls.length > 0)!.tool_calls[0]!;
    expect(text).toContain(call.arguments);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'run-transcript.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('marks the call the safety gate stopped, in the run view and the task view', async () => {
    const blocked = records.find((record) => record.failure?.class === 'forbidden_tool');
    expect(blocked, 'the simulated sweep has a forbidden call').toBeDefined();
    const { page, errors } = await openPage(browser!);
    await page.goto(`${url}#/run/${blocked!.run_id}`);
    await expect.poll(async () => (await deepQuery(page, '.call .chip.bad')).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const text = await deepText(page);
    expect(text).toContain(`blocked: ${blocked!.agent!.forbidden!.reason}`);
    expect(text).toContain('constraint/forbidden_tool');
    await page.goto(`${url}#/task/tool_use_v1/${blocked!.task.id}?run=${blocked!.run_id}`);
    await expect.poll(async () => (await deepQuery(page, 'details.transcript')).length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await deepText(page)).toContain('Transcript (');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'task-transcripts.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
