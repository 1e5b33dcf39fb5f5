import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printModelSpec } from '../../../core/model-spec.ts';
import { REPO, openPage, type Site } from '../harness.ts';

/** What DuckDB-WASM fetches: its engine and its worker. */
const ENGINE_REQUEST = /duckdb|\.wasm(\?|$)/;
/** The SQL view's lazily loaded chunk (the engine's glue and hyparquet, bundled together). */
const SQL_CHUNK_REQUEST = /\/assets\/duckdb-[^/.]+\.js$/;
/** An error text of hyparquet's footer check: it survives minification, so it marks hyparquet in a bundle. */
const HYPARQUET_MARK = 'footer != PAR1';

/** Run pass rate per `model experiment`, computed from the fixture ledger itself, not from any export. */
async function expectedPassRates(): Promise<Map<string, number>> {
  const text = await readFile(path.join(REPO, 'test/fixtures/ledgers/e2e/e2e.jsonl'), 'utf8');
  const counts = new Map<string, { runs: number; passed: number }>();
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const record = JSON.parse(line) as { model: { name: string; backend: 'ollama' | 'openai' | 'sim' }; experiment: string; evaluation: { passed: boolean } };
    const key = `${printModelSpec(record.model)} ${record.experiment}`;
    const entry = counts.get(key) ?? { runs: 0, passed: 0 };
    entry.runs += 1;
    entry.passed += record.evaluation.passed ? 1 : 0;
    counts.set(key, entry);
  }
  return new Map([...counts].map(([key, { runs, passed }]) => [key, Math.round((passed / runs) * 1e4) / 1e4]));
}

export function sqlSuite(site: () => Site): void {
  describe('SQL view (DuckDB-WASM in the page)', () => {
    it('loads the engine only when the view opens, answers the pass-rate example under a sub-path, and offers the CSV', async () => {
      const { page, errors } = await openPage(site().browser);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${site().subPathUrl}#/leaderboard`);
      await page.locator('#leaderboard-table tbody tr').first().waitFor();
      expect(requests.filter((url) => ENGINE_REQUEST.test(url))).toEqual([]);
      // hyparquet is bundled into the SQL view's chunk only: no script the leaderboard loaded holds it.
      const firstScripts = requests.filter((url) => url.endsWith('.js'));
      expect(firstScripts.length).toBeGreaterThan(0);
      for (const url of firstScripts) expect(await (await fetch(url)).text(), url).not.toContain(HYPARQUET_MARK);

      await page.goto(`${site().subPathUrl}#/sql`);
      await page.locator('#sql-run').waitFor({ timeout: 60_000 });
      await page.locator('#sql-run').click();
      await page.locator('#sql-result tbody tr').first().waitFor({ timeout: 60_000 });
      const engine = requests.filter((url) => ENGINE_REQUEST.test(url));
      expect(engine.some((url) => url.endsWith('.wasm'))).toBe(true);
      const sqlChunks = requests.filter((url) => SQL_CHUNK_REQUEST.test(url));
      expect(sqlChunks.length).toBe(1);
      expect(await (await fetch(sqlChunks[0]!)).text()).toContain(HYPARQUET_MARK);
      // runs is runs.parquet itself, decoded in the page: no run shard is read for it.
      const index = JSON.parse(await (await fetch(`${site().subPathUrl}data/index.json`)).text()) as { files: { path: string; rows: number }[] };
      const parquetEntry = index.files.find((file) => file.path === 'runs.parquet')!;
      expect(await page.locator('#sql-runs-source').textContent()).toContain(`runs is read from runs.parquet (${parquetEntry.rows} runs, `);
      expect(requests.some((url) => url.endsWith('/ledgerbench/data/runs.parquet'))).toBe(true);
      expect(requests.filter((url) => url.includes('/ledgerbench/data/runs/'))).toEqual([]);
      expect(requests.filter((url) => !url.startsWith(site().subPathUrl))).toEqual([]);

      const header = await page.locator('#sql-result thead th').allTextContents();
      expect(header).toEqual(['model', 'experiment', 'runs', 'run_pass_rate', 'simulated']);
      const cells = await page
        .locator('#sql-result tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const expected = await expectedPassRates();
      expect(cells.length).toBe(expected.size);
      for (const [model, experiment, , rate] of cells) expect(Number(rate), `${model} ${experiment}`).toBe(expected.get(`${model} ${experiment}`));

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#sql-csv').click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toBe('model,experiment,runs,run_pass_rate,simulated');
      expect(csv.trimEnd().split('\r\n').length).toBe(expected.size + 1);
      // A CSP violation or a failed engine load would be a console error.
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('shows a SQL error as a message in the view, and a JSON surface is a table', async () => {
      const { page } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/sql`);
      await page.locator('#sql-text').waitFor({ timeout: 60_000 });
      await page.locator('#sql-text').fill('SELECT no_such_column FROM runs');
      await page.locator('#sql-run').click();
      await expect.poll(async () => (await page.locator('#sql-error').textContent({ timeout: 60_000 })) ?? '').toContain('no_such_column');
      // runs arrives with runs.parquet's column types, not as text.
      await page.locator('#sql-text').fill('SELECT typeof(passed), typeof("repeat"), typeof(wall_ms), typeof(model) FROM runs LIMIT 1');
      await page.locator('#sql-run').click();
      await expect
        .poll(async () => page.locator('#sql-result tbody td').allTextContents(), { timeout: 60_000 })
        .toEqual(['BOOLEAN', 'INTEGER', 'DOUBLE', 'VARCHAR']);
      await page.locator('#sql-text').fill('SELECT count(*) AS n FROM model_rankings');
      await page.locator('#sql-run').click();
      // The previous result stays until this one replaces it: wait for this query's header.
      await expect.poll(async () => page.locator('#sql-result thead th').allTextContents(), { timeout: 60_000 }).toEqual(['n']);
      const rankings = JSON.parse(await (await fetch(`${site().subPathUrl}data/model_rankings.json`)).text()) as { rows: unknown[] };
      expect(await page.locator('#sql-result tbody td').first().textContent()).toBe(String(rankings.rows.length));
      await page.context().close();
    });

    it('the "runs behind a verdict" example lists the paired runs of the first comparison, both sides', async () => {
      const { page, errors } = await openPage(site().browser);
      await page.goto(`${site().subPathUrl}#/sql?example=verdict-runs`);
      await page.locator('#sql-run').click({ timeout: 60_000 });
      await page.locator('#sql-result tbody tr').first().waitFor({ timeout: 60_000 });
      const comparisons = JSON.parse(await (await fetch(`${site().subPathUrl}data/comparisons.json`)).text()) as {
        rows: { experiment: string; arm: string; original: string; candidate: string; candidate_power_level: string; verdict: string; paired_runs: number }[];
      };
      const key = (row: (typeof comparisons.rows)[number]) => [row.experiment, row.arm, row.original, row.candidate, row.candidate_power_level].join('\u0000');
      const first = [...comparisons.rows].sort((a, b) => (key(a) < key(b) ? -1 : 1))[0]!;
      const header = await page.locator('#sql-result thead th').allTextContents();
      expect(header.slice(0, 3)).toEqual(['verdict', 'model', 'power_level']);
      const cells = await page
        .locator('#sql-result tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      expect(new Set(cells.map((row) => row[0]))).toEqual(new Set([first.verdict]));
      expect(new Set(cells.map((row) => row[1]))).toEqual(new Set([first.original, first.candidate]));
      // Every paired run is there (on both sides), plus any unpaired ones the verdict excluded.
      expect(cells.length).toBeGreaterThanOrEqual(2 * first.paired_runs);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });
}
