import * as Plot from '@observablehq/plot';
import { FRONTIER_COLOURS } from '../../core/palette.ts';
import { CHART_STYLE, shortLabel } from './palette.ts';

export interface ParetoDatum {
  model: string;
  x: number;
  run_pass_rate: number;
  run_pass_rate_ci_low: number;
  run_pass_rate_ci_high: number;
  on_frontier: boolean;
}

export interface ParetoOptions {
  xLabel: string;
  ariaLabel: string;
  width?: number;
}

/**
 * Run pass rate against a cost: every model a labelled point with its interval, the frontier drawn
 * as a step line through the points no other point beats on both axes.
 */
export function paretoChart(points: readonly ParetoDatum[], options: ParetoOptions): SVGElement | HTMLElement {
  return Plot.plot(paretoChartOptions(points, options));
}

/** Plot options of the Pareto chart: pure, so its scales can be tested without a DOM. */
export function paretoChartOptions(points: readonly ParetoDatum[], options: ParetoOptions): Plot.PlotOptions {
  const frontier = points.filter((point) => point.on_frontier).sort((a, b) => a.x - b.x);
  const data = points.map((point) => ({ ...point, label: shortLabel(point.model, 22), status: point.on_frontier ? 'on frontier' : 'dominated' }));
  return {
    width: options.width ?? 640,
    height: 380,
    marginLeft: 56,
    marginRight: 80,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { label: options.xLabel, grid: true, zero: true },
    y: { label: 'Run pass rate (%)', percent: true, domain: [0, 100], grid: true },
    color: { domain: Object.keys(FRONTIER_COLOURS), range: Object.values(FRONTIER_COLOURS), legend: true },
    symbol: { domain: ['on frontier', 'dominated'], range: ['diamond', 'circle'] },
    marks: [
      Plot.line(frontier, { x: 'x', y: 'run_pass_rate', curve: 'step-after', stroke: FRONTIER_COLOURS['on frontier'], strokeDasharray: '4,3' }),
      Plot.ruleX(data, { x: 'x', y1: 'run_pass_rate_ci_low', y2: 'run_pass_rate_ci_high', stroke: 'status', strokeOpacity: 0.6 }),
      Plot.dot(data, {
        x: 'x',
        y: 'run_pass_rate',
        fill: 'status',
        symbol: 'status',
        r: 5,
        title: (d: ParetoDatum) => `${d.model}: ${(d.run_pass_rate * 100).toFixed(1)}% at ${d.x}`,
      }),
      Plot.text(data, { x: 'x', y: 'run_pass_rate', text: 'label', dx: 8, textAnchor: 'start', fill: 'currentColor' }),
    ],
  };
}
