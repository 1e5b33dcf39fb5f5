import * as Plot from '@observablehq/plot';
import { CHART_STYLE, SEQUENTIAL_SCHEME, shortLabel } from './palette.ts';

export interface HeatCell {
  model: string;
  task: string;
  run_pass_rate: number;
  runs: number;
}

/**
 * Model × task pass rates: cells on a colour-blind-safe sequential scale, each labelled with its
 * value so the colour is never the only carrier of the number.
 */
export function heatmapChart(cells: readonly HeatCell[], options: { ariaLabel: string; models: string[]; tasks: string[] }): SVGElement | HTMLElement {
  // Full names stay the domain (two long ids may share a prefix); only the tick text is shortened.
  const data = cells;
  const models = options.models;
  const tasks = options.tasks;
  const tick = (label: string) => shortLabel(label, 24);
  return Plot.plot({
    width: Math.max(360, 180 + 58 * models.length),
    height: Math.max(120, 80 + 26 * tasks.length),
    marginLeft: 180,
    marginTop: 70,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    x: { domain: models, axis: 'top', label: null, tickRotate: -25, tickFormat: tick },
    y: { domain: tasks, label: null, tickFormat: tick },
    color: { type: 'linear', scheme: SEQUENTIAL_SCHEME, domain: [0, 100], legend: true, label: 'Run pass rate (%)', percent: true },
    marks: [
      Plot.cell(data, {
        x: 'model',
        y: 'task',
        fill: 'run_pass_rate',
        inset: 0.5,
        title: (d: HeatCell) => `${d.model} × ${d.task}: ${(d.run_pass_rate * 100).toFixed(0)}% of ${d.runs} runs`,
      }),
      Plot.text(data, {
        x: 'model',
        y: 'task',
        text: (d: HeatCell) => `${Math.round(d.run_pass_rate * 100)}`,
        // Cividis is dark at 0 and light at 1: flip the text colour at the midpoint for contrast.
        fill: (d: HeatCell) => (d.run_pass_rate > 0.55 ? 'black' : 'white'),
        fontSize: 11,
      }),
    ],
  });
}
