import { describe, expect, it } from 'vitest';
import { openPage, type Site } from '../harness.ts';
import { ComparisonsSchema, type ComparisonRow } from '../../../schema/surfaces/comparisons.ts';
import { RunsShardSchema } from '../../../schema/surfaces/runs-shard.ts';
import type { RunRecord } from '../../../schema/run-record.ts';
import { printModelSpec } from '../../../core/model-spec.ts';
import { formatNumber, formatPoints, formatRate } from '../../../ui/logic/format.ts';
import { runPowerLevel } from '../../../ui/logic/filters.ts';
import { comparisonArgs, comparisonKeyOf, formatHash, pairArgs } from '../../../ui/state/route.ts';

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** How a paired delta reads when comparisons.json has it: its magnitude and its interval, at the page's digits. */
function deltaTexts(delta: ComparisonRow['energy_delta_j'], digits: number): string[] {
  if (delta === null) return ['not recorded on both sides of any pair'];
  return [
    formatNumber(Math.abs(delta.mean), digits),
    `95% CI ${formatNumber(delta.ci.low, digits)} to ${formatNumber(delta.ci.high, digits)}`,
    delta.mean < 0 ? 'less' : 'more',
  ];
}

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

export function crossLayerViewsSuite(site: () => Site): void {
  describe("the evidence pages show the exporter's numbers", () => {
    it("each verdict page: comparisons.json's delta, task pass rates, McNemar p, run counts and every paired cost delta", async () => {
      const rows = ComparisonsSchema.parse(await fetchJson(`${site().subPathUrl}data/comparisons.json`)).rows.filter((row) => row.pairs > 0);
      expect(rows.length).toBeGreaterThan(0);
      const { page, errors } = await openPage(site().browser);
      for (const row of rows) {
        const hash = formatHash({ view: 'verdict', args: comparisonArgs(comparisonKeyOf(row)), query: {} });
        await page.goto(site().subPathUrl + hash);
        await page.locator('#pair-counts').waitFor();
        expect(squash(await page.locator('#verdict').textContent()), hash).toBe(row.verdict.replaceAll('_', ' '));
        const headline = squash(await page.locator('#verdict').locator('xpath=..').textContent());
        expect(headline, hash).toContain(formatPoints(row.delta));
        expect(headline, hash).toContain(`candidate ${formatRate(row.candidate_task_pass_rate)} vs original ${formatRate(row.original_task_pass_rate)}`);
        expect(headline, hash).toContain(`McNemar p = ${row.mcnemar_p.toPrecision(3)}`);
        expect(squash(await page.locator('#pair-counts [data-count="pairs"]').textContent()), hash).toBe(
          `${row.pairs}paired tasks (${row.paired_runs} runs; ${row.unpaired_runs_excluded} unpaired excluded)`,
        );
        const items = (await page.locator('#recommendation li').allTextContents()).map(squash);
        const item = (label: string) => items.find((text) => text.startsWith(label)) ?? '';
        for (const text of deltaTexts(row.energy_delta_j, 1)) expect(item('Energy:'), `${hash} energy`).toContain(text);
        for (const text of deltaTexts(row.cost_delta_usd, 6)) expect(item('Money:'), `${hash} money`).toContain(text);
        const [tokens, wall] = item('Output tokens:').split('; wall time:');
        for (const text of deltaTexts(row.output_tokens_delta, 0)) expect(tokens, `${hash} tokens`).toContain(text);
        for (const text of deltaTexts(row.wall_ms_delta, 0)) expect(wall, `${hash} wall time`).toContain(text);
        await page.goto('about:blank');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it("each side-by-side page of a discordant task: the shard's runs of each side, paired by repeat, with their numbers", async () => {
      const rows = ComparisonsSchema.parse(await fetchJson(`${site().subPathUrl}data/comparisons.json`)).rows;
      const runs = RunsShardSchema.parse(await fetchJson(`${site().subPathUrl}data/runs/runs-0001.json`)).rows;
      const byId = new Map(runs.map((run) => [run.run_id, run]));
      const onSide = (run: RunRecord, model: string, arm: string, power: string) =>
        printModelSpec(run.model) === model && run.arm === arm && runPowerLevel(run) === power;
      const { page, errors } = await openPage(site().browser);
      let checked = 0;
      for (const row of rows.filter((entry) => entry.discordant.lost.length + entry.discordant.won.length > 0).slice(0, 3)) {
        const key = comparisonKeyOf(row);
        for (const taskId of [...row.discordant.lost.slice(0, 2), ...row.discordant.won.slice(0, 2)]) {
          const hash = formatHash({ view: 'pair', args: pairArgs(key, taskId), query: {} });
          await page.goto(site().subPathUrl + hash);
          await page.locator('article.side').first().waitFor();
          const ofTask = runs.filter((run) => run.experiment === row.experiment && run.task.id === taskId);
          const original = ofTask.filter((run) => onSide(run, row.original, row.arm, row.original_power_level));
          const candidate = ofTask.filter((run) => onSide(run, row.candidate, row.arm, row.candidate_power_level));
          const slot = (run: RunRecord) => `${run.repeat}/${run.sample ?? 0}`;
          const paired = original.filter((run) => candidate.some((other) => slot(other) === slot(run)));
          const sides = await page.locator('article.side').evaluateAll((elements) =>
            elements.map((element) => ({
              role: element.getAttribute('data-role'),
              runId: element.getAttribute('data-run-id'),
              passed: element.querySelector('header .chip')?.textContent?.trim(),
              values: [...element.querySelectorAll('dl > div')].map((div) => [
                div.querySelector('dt')?.textContent?.trim(),
                div.querySelector('dd')?.textContent?.trim(),
              ]),
            })),
          );
          expect(sides.filter((entry) => entry.role === 'original').length, hash).toBe(paired.length);
          expect(sides.filter((entry) => entry.role === 'candidate').length, hash).toBe(paired.length);
          for (const shown of sides) {
            const run = byId.get(shown.runId ?? '');
            expect(run, `${hash}: run ${shown.runId} is in the shard`).toBeDefined();
            expect((shown.role === 'original' ? original : candidate).includes(run!), `${hash}: ${shown.runId} is on the ${shown.role} side`).toBe(true);
            expect(shown.passed).toBe(run!.evaluation.passed ? 'passed' : 'failed');
            const values = Object.fromEntries(shown.values);
            expect(values.Score).toBe(run!.evaluation.score.toFixed(2));
            expect(values['Output tokens']).toBe(String(run!.tokens.output ?? '—'));
            expect(values['Wall time']).toBe(run!.timing.wall_ms === null ? 'not recorded' : `${formatNumber(run!.timing.wall_ms, 0)} ms`);
            const energy = run!.energy.joules === null || !run!.energy.valid ? 'not measured' : `${formatNumber(run!.energy.joules, 1)} J`;
            expect(values.Energy).toContain(energy);
            checked += 1;
          }
          await page.goto('about:blank');
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('every view that names a run links it to #/run/<run_id>', async () => {
      const runs = RunsShardSchema.parse(await fetchJson(`${site().subPathUrl}data/runs/runs-0001.json`)).rows;
      const rows = ComparisonsSchema.parse(await fetchJson(`${site().subPathUrl}data/comparisons.json`)).rows;
      const row = rows.find((entry) => entry.discordant.lost.length > 0)!;
      const first = runs[0]!;
      const views = [
        '#/leaderboard',
        '#/models',
        '#/model/org%2Ffixture-coder%3A7b',
        '#/tasks',
        `#/task/${first.experiment}/${first.task.id}`,
        '#/heatmap',
        '#/power',
        '#/failures',
        '#/pareto',
        '#/comparisons',
        formatHash({ view: 'verdict', args: comparisonArgs(comparisonKeyOf(row)), query: {} }),
        formatHash({ view: 'pair', args: pairArgs(comparisonKeyOf(row), row.discordant.lost[0]!), query: {} }),
        '#/dual',
        '#/passk',
        '#/json/failure_surfaces.json?q=representative',
        `#/run/${first.run_id}`,
      ];
      const { page, errors } = await openPage(site().browser);
      const audit = async (ids: string[]) => (await page.evaluate(`(${RUN_MENTIONS})(${JSON.stringify(ids)})`)) as { mentions: number; unlinked: string[] };
      // The audit itself: a run id in a table row without its link is caught, with one it passes.
      const id = first.run_id;
      await page.setContent(`<table><tr><td>${id}</td><td><a href="#/task/x">task</a></td></tr><tr><td>${id.slice(0, 10)}</td></tr></table>`);
      expect((await audit([id])).unlinked).toHaveLength(2);
      await page.setContent(`<table><tr><td>${id}</td><td><a href="#/run/${id}">(record)</a></td></tr></table>`);
      expect(await audit([id])).toEqual({ mentions: 1, unlinked: [] });
      let named = 0;
      for (const hash of views) {
        await page.goto(site().subPathUrl + hash);
        await page.waitForLoadState('networkidle');
        await page.locator('main > *').first().waitFor();
        const unlinked = await audit(runs.map((run) => run.run_id));
        expect(unlinked.unlinked, `${hash}: run ids shown without a link to #/run/<id> in their row`).toEqual([]);
        named += unlinked.mentions;
        await page.goto('about:blank');
      }
      // The task grid, the side-by-side, the failures view and the run view all name runs.
      expect(named).toBeGreaterThan(10);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 120_000);
  });
}

// In the page (a string: no transpiler helpers there). Every text that shows a run id (whole, or
// its first 10 characters as the failures view prints it) must sit in a row, list item or card
// that holds a link to that run's #/run/ page.
const RUN_MENTIONS = `(ids) => {
  const byPrefix = new Map(ids.map((id) => [id.slice(0, 10), id]));
  const parentOf = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const mentions = [];
  const walk = (root) => {
    const tree = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = tree.nextNode(); node; node = tree.nextNode()) {
      for (const word of (node.textContent || '').match(/[0-9a-f]{10,}/g) || []) {
        const id = ids.includes(word) ? word : byPrefix.get(word);
        if (id !== undefined && node.parentElement && node.parentElement.closest('script,style,title') === null) mentions.push([node.parentElement, id]);
      }
    }
    root.querySelectorAll('*').forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
  };
  walk(document);
  const links = (el, id) => [...el.querySelectorAll('a[href]')].some((a) => decodeURIComponent(a.getAttribute('href')).includes('#/run/' + id));
  const unlinked = [];
  for (const [el, id] of mentions) {
    let row = el;
    while (row && !['TR', 'LI', 'ARTICLE'].includes(row.tagName) && parentOf(row) && parentOf(row) !== document.documentElement) row = parentOf(row);
    const own = el.closest('a[href]');
    const ok = (own && decodeURIComponent(own.getAttribute('href')).includes('#/run/' + id)) || (row && links(row, id)) || (el.closest('h2') !== null && location.hash.startsWith('#/run/'));
    if (!ok) unlinked.push(id + ' in <' + el.tagName.toLowerCase() + '>: ' + (el.textContent || '').trim().slice(0, 40));
  }
  return { mentions: mentions.length, unlinked: unlinked.slice(0, 10) };
}`;
