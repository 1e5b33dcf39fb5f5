import * as Plot from '@observablehq/plot';
import { UNKNOWN_COLOUR, colourScale, modelColours } from '../../core/palette.ts';
import { CHART_STYLE, shortLabel } from './palette.ts';

export interface SlopeDatum {
  model: string;
  arm: string;
  measure: 'format score' | 'executor score';
  value: number;
}

export interface SlopeOptions {
  arms: string[];
  ariaLabel: string;
  width?: number;
  /** Model → colour from the catalogue (`modelColours` over every model of the export). */
  colours?: ReadonlyMap<string, string>;
}

/**
 * Plain → contract slope chart: one panel per measure (format, executor), one line per model.
 * A line that climbs on format but stays flat on executor is a contract that taught format only.
 */
export function slopeChart(rows: readonly SlopeDatum[], options: SlopeOptions): SVGElement | HTMLElement {
  return Plot.plot(slopeChartOptions(rows, options));
}

/** Plot options of the slope chart: pure, so its scales can be tested without a DOM. */
export function slopeChartOptions(rows: readonly SlopeDatum[], options: SlopeOptions): Plot.PlotOptions {
  const data = rows.map((row) => ({ ...row, label: shortLabel(row.model, 20) }));
  const models = [...new Set(data.map((row) => row.model))];
  const colours = options.colours ?? modelColours(models);
  const last = options.arms[options.arms.length - 1];
  return {
    width: options.width ?? 680,
    height: 320,
    marginRight: 120,
    marginLeft: 50,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    fx: { label: null, domain: ['format score', 'executor score'] },
    x: { domain: options.arms, label: null, padding: 0.3 },
    y: { domain: [0, 100], percent: true, label: 'Mean score (%)', grid: true },
    color: { ...colourScale(models, (model) => colours.get(model) ?? UNKNOWN_COLOUR), legend: true },
    marks: [
      Plot.line(data, { fx: 'measure', x: 'arm', y: 'value', z: 'model', stroke: 'model', strokeWidth: 2, marker: 'circle' }),
      Plot.text(
        data.filter((row) => row.arm === last),
        { fx: 'measure', x: 'arm', y: 'value', text: 'label', dx: 8, textAnchor: 'start', fill: 'model' },
      ),
    ],
  };
}
