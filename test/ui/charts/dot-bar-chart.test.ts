import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dotBarAxisTree, dotBarTree, svgText, type SvgNode } from '../../../ui/charts/dot-bar-chart.ts';

/**
 * Golden SVG snapshots of the dot-and-bar: test/golden/charts/<name>.svg. A mismatch writes
 * `<name>-changed.svg` beside the golden file for diffing; `UPDATE_GOLDEN=1` rewrites them on purpose.
 */
const GOLDEN = new URL('../../golden/charts/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function matchesGolden(name: string, tree: SvgNode): void {
  mkdirSync(GOLDEN, { recursive: true });
  const file = `${GOLDEN}${name}.svg`;
  const changed = `${GOLDEN}${name}-changed.svg`;
  // One element a line, so a diff of the snapshot names the element that moved.
  const text = `${svgText(tree).replaceAll('><', '>\n<')}\n`;
  if (UPDATE || !existsSync(file)) writeFileSync(file, text);
  const golden = readFileSync(file, 'utf8');
  if (golden === text) rmSync(changed, { force: true });
  else writeFileSync(changed, text);
  expect(text, `${name}.svg differs; see ${changed}`).toBe(golden);
}

const xOf = (tree: SvgNode, tag: string, attr: string): number[] =>
  tree.children.filter((child): child is SvgNode => typeof child !== 'string' && child.tag === tag).map((child) => Number(child.attrs[attr]));

describe('dot-and-bar chart', () => {
  it('matches its golden snapshot, measured and simulated', () => {
    matchesGolden('dot-bar-measured', dotBarTree({ value: 0.666667, low: 0.390622, high: 0.86188 }, { title: '66.7% [39.1%, 86.2%]' }));
    matchesGolden('dot-bar-simulated', dotBarTree({ value: 0.25, low: 0.0889417, high: 0.532305 }, { title: 'sim <b>', simulated: true }));
    matchesGolden('dot-bar-axis', dotBarAxisTree());
  });

  it('puts 0 and 1 at the ends of one fixed axis, whatever the rows', () => {
    const tree = dotBarTree({ value: 0.5, low: 0.4, high: 0.6 }, { title: 't', width: 110 });
    const ticks = xOf(tree, 'line', 'x1').slice(0, 5);
    expect(ticks).toEqual([5, 30, 55, 80, 105]);
    expect(xOf(tree, 'circle', 'cx')).toEqual([55]);
    const bar = tree.children.filter((child): child is SvgNode => typeof child !== 'string' && child.tag === 'line')[5]!;
    expect([bar.attrs.x1, bar.attrs.x2]).toEqual([45, 65]);
  });

  it('draws no dot or bar for a model with no answered run, and escapes its title', () => {
    const tree = dotBarTree({ value: null, low: 0, high: 1 }, { title: '<script>x</script>' });
    expect(xOf(tree, 'circle', 'cx')).toEqual([]);
    expect(svgText(tree)).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(svgText(tree)).not.toContain('<script>');
  });
});
