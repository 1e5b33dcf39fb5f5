import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { svgText, type SvgNode } from '../../../ui/charts/dot-bar-chart.ts';
import { DOMINATED_OPACITY, niceTicks, paretoTree } from '../../../ui/charts/pareto-chart.ts';
import { withVisibleFrontier } from '../../../ui/logic/pareto.ts';
import { FRONTIER_COLOURS } from '../../../core/palette.ts';

/** Golden SVG snapshots, as test/ui/charts/dot-bar-chart.test.ts: `UPDATE_GOLDEN=1` rewrites them on purpose. */
const GOLDEN = new URL('../../golden/charts/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function matchesGolden(name: string, tree: SvgNode): void {
  mkdirSync(GOLDEN, { recursive: true });
  const file = `${GOLDEN}${name}.svg`;
  const changed = `${GOLDEN}${name}-changed.svg`;
  const text = `${svgText(tree).replaceAll('><', '>\n<')}\n`;
  if (UPDATE || !existsSync(file)) writeFileSync(file, text);
  const golden = readFileSync(file, 'utf8');
  if (golden === text) rmSync(changed, { force: true });
  else writeFileSync(changed, text);
  expect(text, `${name}.svg differs; see ${changed}`).toBe(golden);
}

const config = (model: string, arm: string, power_level: string, x: number, rate: number, simulated = false) => ({
  model,
  arm,
  power_level,
  x,
  run_pass_rate: rate,
  run_pass_rate_ci_low: Math.max(0, rate - 0.1),
  run_pass_rate_ci_high: Math.min(1, rate + 0.1),
  simulated,
});

// Two models × two arms × two power levels: the frontier crosses models, arms and power levels.
const SUITE = withVisibleFrontier([
  config('qwen3:8b', 'plain', '100', 210, 0.8),
  config('qwen3:8b', 'plain', '60', 150, 0.78),
  config('qwen3:8b', 'contract', '100', 260, 0.9),
  config('qwen3:8b', 'contract', '60', 190, 0.7),
  config('mistral:7b', 'plain', '100', 180, 0.55),
  config('mistral:7b', 'plain', '60', 120, 0.5),
  config('mistral:7b', 'contract', '100', 230, 0.6),
  config('sim:tiny', 'plain', 'default', 40, 0.2, true),
]);
const options = { xLabel: 'Energy per run (J/run)', xUnit: 'J/run', ariaLabel: 'Run pass rate vs energy' };

const groups = (tree: SvgNode, cls: string): SvgNode[] => {
  const points = tree.children.find((c): c is SvgNode => typeof c !== 'string' && c.attrs.class === 'points')!;
  return points.children.filter((c): c is SvgNode => typeof c !== 'string' && String(c.attrs.class).includes(cls));
};
const titleOf = (g: SvgNode) => String((g.children[0] as SvgNode).children[0]);

describe('Pareto chart of every configuration', () => {
  it('matches its golden snapshot', () => {
    matchesGolden('pareto-suite', paretoTree(SUITE, options));
    matchesGolden('pareto-single', paretoTree(withVisibleFrontier([config('a', 'plain', 'default', 0.3, 1)]), { ...options, xUnit: 'tokens/run' }));
  });

  it('draws every configuration, dominated ones muted, frontier ones as labelled diamonds', () => {
    const tree = paretoTree(SUITE, options);
    const frontier = groups(tree, 'frontier-point');
    const dominated = groups(tree, 'dominated-point');
    expect(frontier.length + dominated.length).toBe(SUITE.length);
    expect(frontier.map(titleOf).map((t) => t.split(' · ')[0])).toEqual(['sim:tiny', 'mistral:7b', 'qwen3:8b', 'qwen3:8b', 'qwen3:8b']);
    for (const g of dominated) {
      const shape = g.children[2] as SvgNode;
      expect(shape.tag).toBe('circle');
      expect(shape.attrs.opacity).toBe(DOMINATED_OPACITY);
      expect(shape.attrs.stroke).toBe(FRONTIER_COLOURS.dominated);
    }
    for (const g of frontier) expect(g.children.some((c) => typeof c !== 'string' && c.tag === 'text')).toBe(true);
  });

  it('names model, arm and power level in every tooltip, and flags simulated points', () => {
    const titles = [...groups(paretoTree(SUITE, options), 'point')].map(titleOf);
    expect(titles).toContain('mistral:7b · arm contract · power 100%: 60.0% [50.0%, 70.0%] at 230 J/run, dominated');
    expect(titles.find((t) => t.startsWith('sim:tiny'))).toMatch(/on the frontier \(simulated\)$/);
  });

  it('draws the frontier as a step line from the cheapest point, through the frontier points only', () => {
    const tree = paretoTree(SUITE, options);
    const path = tree.children.find((c): c is SvgNode => typeof c !== 'string' && c.attrs.class === 'frontier')!;
    const d = String(path.attrs.d);
    expect(d.startsWith('M')).toBe(true);
    // Five frontier points: a start and four horizontal-then-vertical steps.
    expect(d.match(/H/g)).toHaveLength(4);
    expect(d.match(/V/g)).toHaveLength(4);
  });

  it('starts the cost axis at 0 with round ticks', () => {
    expect(niceTicks(260)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(niceTicks(0.3)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('withVisibleFrontier', () => {
  it('recomputes the frontier over the points left after a filter', () => {
    const full = SUITE.find((p) => p.model === 'mistral:7b' && p.arm === 'plain' && p.power_level === '100')!;
    // qwen3 at 60% dominates it; with the 60% runs filtered out, it is the cheapest point left.
    expect(full.on_frontier).toBe(false);
    const at100 = withVisibleFrontier(SUITE.filter((p) => p.power_level === '100'));
    expect(at100.filter((p) => p.on_frontier).map((p) => `${p.model}/${p.arm}`)).toEqual(['qwen3:8b/plain', 'qwen3:8b/contract', 'mistral:7b/plain']);
  });
});
