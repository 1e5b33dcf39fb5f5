/**
 * Run pass rate against a cost, one point per configuration of a suite (model × arm × power
 * level): frontier points stand out as labelled diamonds, dominated points stay visible but
 * muted, and the frontier is drawn as a step line. Drawn by hand, like the dot-and-bar, so its
 * geometry is a pure tree that golden SVG snapshots pin (test/golden/charts/pareto-*.svg).
 *
 * The chart marks no frontier of its own: the caller passes `on_frontier` from core/pareto.ts
 * (the exporter's flag, or the same function over the points left after a filter).
 */
import { FRONTIER_COLOURS } from '../../core/palette.ts';
import { powerShort } from '../logic/format.ts';
import { toElement, type SvgNode } from './dot-bar-chart.ts';
import { magnitudeAxis, shortLabel } from './palette.ts';

export interface ParetoDatum {
  model: string;
  arm: string;
  power_level: string;
  x: number;
  run_pass_rate: number;
  run_pass_rate_ci_low: number;
  run_pass_rate_ci_high: number;
  on_frontier: boolean;
  simulated: boolean;
}

export interface ParetoOptions {
  xLabel: string;
  /** The unit after each x value in a tooltip, e.g. `J/run`. */
  xUnit: string;
  ariaLabel: string;
  width?: number;
  height?: number;
}

/** Dominated points recede to this opacity: still there to read, never mistaken for the frontier. */
export const DOMINATED_OPACITY = 0.45;

const MARGIN = { top: 28, right: 24, bottom: 46, left: 58 };
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];

const round = (value: number) => Math.round(value * 100) / 100;
const node = (tag: string, attrs: SvgNode['attrs'], children: SvgNode['children'] = []): SvgNode => ({ tag, attrs, children });

/** 1, 2 or 5 × 10ⁿ steps from 0 past `max`: at most six intervals, the last tick at or above max. */
export function niceTicks(max: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const magnitude = 10 ** Math.floor(Math.log10(max / 5));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => max / s <= 6)!;
  const count = Math.ceil(max / step - 1e-9);
  // Rounded to the step's own precision, so 0.1 × 3 prints as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toFixed(digits)));
}

/** What one point names on hover: model, arm, power level, rate with interval, cost. */
export function paretoTitle(point: ParetoDatum, xUnit: string): string {
  const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
  const status = point.on_frontier ? 'on the frontier' : 'dominated';
  const sim = point.simulated ? ' (simulated)' : '';
  return `${point.model} · arm ${point.arm} · power ${powerShort(point.power_level)}: ${pct(point.run_pass_rate)} [${pct(point.run_pass_rate_ci_low)}, ${pct(point.run_pass_rate_ci_high)}] at ${round(point.x)} ${xUnit}, ${status}${sim}`;
}

/** The short label beside a frontier point. */
function pointLabel(point: ParetoDatum): string {
  return `${shortLabel(point.model, 20)} · ${shortLabel(point.arm, 10)} · ${powerShort(point.power_level)}`;
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${cx},${round(cy - r)}L${round(cx + r)},${cy}L${cx},${round(cy + r)}L${round(cx - r)},${cy}Z`;
}

/** The chart as a tree: grid and axes from 0, the frontier step line, interval whiskers, points, labels, legend. */
export function paretoTree(points: readonly ParetoDatum[], options: ParetoOptions): SvgNode {
  const width = options.width ?? 680;
  const height = options.height ?? 400;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  // The zero-axis rule of every chart: a cost axis starts at 0 (it is never zoomed here).
  const axis = magnitudeAxis(points.map((p) => p.x));
  const ticks = niceTicks(Math.max(0, ...points.map((p) => p.x)));
  const xMin = axis.zero ? 0 : ticks[0]!;
  const xMax = ticks[ticks.length - 1]!;
  const sx = (x: number) => round(MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW);
  const sy = (y: number) => round(MARGIN.top + (1 - Math.min(1, Math.max(0, y))) * plotH);
  const children: SvgNode[] = [node('title', {}, [options.ariaLabel])];

  const grid: SvgNode[] = [];
  for (const tick of Y_TICKS) {
    grid.push(
      node('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: sy(tick), y2: sy(tick), stroke: 'currentColor', 'stroke-opacity': tick === 0 ? 0.6 : 0.12 }),
    );
    grid.push(node('text', { x: MARGIN.left - 6, y: sy(tick) + 4, 'text-anchor': 'end', fill: 'currentColor' }, [`${tick * 100}`]));
  }
  for (const tick of ticks) {
    grid.push(
      node('line', { x1: sx(tick), x2: sx(tick), y1: MARGIN.top, y2: MARGIN.top + plotH, stroke: 'currentColor', 'stroke-opacity': tick === 0 ? 0.6 : 0.12 }),
    );
    grid.push(node('text', { x: sx(tick), y: MARGIN.top + plotH + 16, 'text-anchor': 'middle', fill: 'currentColor' }, [String(tick)]));
  }
  grid.push(node('text', { x: MARGIN.left + plotW / 2, y: height - 6, 'text-anchor': 'middle', fill: 'currentColor' }, [options.xLabel]));
  grid.push(
    node('text', { x: 14, y: MARGIN.top + plotH / 2, 'text-anchor': 'middle', fill: 'currentColor', transform: `rotate(-90 14 ${MARGIN.top + plotH / 2})` }, [
      'Run pass rate (%)',
    ]),
  );
  children.push(node('g', { class: 'axes', 'font-size': 12 }, grid));

  const frontier = points.filter((p) => p.on_frontier).sort((a, b) => a.x - b.x || b.run_pass_rate - a.run_pass_rate);
  if (frontier.length > 0) {
    // Step after each point: between two frontier costs, the best rate on offer is the cheaper point's.
    let d = `M${sx(frontier[0]!.x)},${sy(frontier[0]!.run_pass_rate)}`;
    for (const p of frontier.slice(1)) d += `H${sx(p.x)}V${sy(p.run_pass_rate)}`;
    children.push(node('path', { class: 'frontier', d, fill: 'none', stroke: FRONTIER_COLOURS['on frontier'], 'stroke-width': 2, 'stroke-dasharray': '5 3' }));
  }

  // Dominated points first, so the frontier draws over them.
  const ordered = [...points.filter((p) => !p.on_frontier), ...frontier];
  const marks: SvgNode[] = [];
  for (const p of ordered) {
    const colour = p.on_frontier ? FRONTIER_COLOURS['on frontier'] : FRONTIER_COLOURS.dominated;
    const opacity = p.on_frontier ? 1 : DOMINATED_OPACITY;
    const cx = sx(p.x);
    const cy = sy(p.run_pass_rate);
    const whisker = node('line', {
      x1: cx,
      x2: cx,
      y1: sy(p.run_pass_rate_ci_low),
      y2: sy(p.run_pass_rate_ci_high),
      stroke: colour,
      'stroke-opacity': opacity * 0.6,
    });
    // Simulated points are hollow, as on the leaderboard: the shape says where the number came from.
    const paint = { fill: p.simulated ? 'none' : colour, stroke: colour, 'stroke-width': 1.5, opacity };
    const shape = p.on_frontier ? node('path', { d: diamond(cx, cy, 6), ...paint }) : node('circle', { cx, cy, r: 4.5, ...paint });
    const parts = [node('title', {}, [paretoTitle(p, options.xUnit)]), whisker, shape];
    if (p.on_frontier) parts.push(node('text', { x: round(cx + 9), y: round(cy - 6), fill: 'currentColor', 'font-size': 11 }, [pointLabel(p)]));
    marks.push(node('g', { class: p.on_frontier ? 'point frontier-point' : 'point dominated-point' }, parts));
  }
  children.push(node('g', { class: 'points' }, marks));
  children.push(legend());
  if (axis.note !== null) children.push(node('text', { x: width - MARGIN.right, y: height - 6, 'text-anchor': 'end', fill: 'currentColor' }, [axis.note]));

  return node(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'pareto', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': options.ariaLabel },
    children,
  );
}

function legend(): SvgNode {
  const y = 14;
  return node('g', { class: 'legend', 'font-size': 12 }, [
    node('path', { d: diamond(MARGIN.left + 6, y - 4, 6), fill: FRONTIER_COLOURS['on frontier'] }),
    node('text', { x: MARGIN.left + 16, y, fill: 'currentColor' }, ['on the frontier (step line)']),
    node('circle', { cx: MARGIN.left + 206, cy: y - 4, r: 4.5, fill: FRONTIER_COLOURS.dominated, opacity: DOMINATED_OPACITY }),
    node('text', { x: MARGIN.left + 216, y, fill: 'currentColor' }, ['dominated (muted)']),
    node('circle', { cx: MARGIN.left + 356, cy: y - 4, r: 4.5, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }),
    node('text', { x: MARGIN.left + 366, y, fill: 'currentColor' }, ['hollow: simulated']),
  ]);
}

/** The Pareto chart as an SVGElement. */
export function paretoChart(points: readonly ParetoDatum[], options: ParetoOptions, doc: Document = document): SVGElement {
  return toElement(paretoTree(points, options), doc);
}
