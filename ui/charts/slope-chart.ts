import * as Plot from '@observablehq/plot';
import { CHART_STYLE, OKABE_ITO, shortLabel } from './palette.ts';

export interface SlopeDatum {
  model: string;
  arm: string;
  measure: 'format score' | 'executor score';
  value: number;
}

/**
 * Plain → contract slope chart: one panel per measure (format, executor), one line per model.
 * A line that climbs on format but stays flat on executor is a contract that taught format only.
 */
export function slopeChart(rows: readonly SlopeDatum[], options: { arms: string[]; ariaLabel: string; width?: number }): SVGElement | HTMLElement {
  const data = rows.map((row) => ({ ...row, label: shortLabel(row.model, 20) }));
  const models = [...new Set(data.map((row) => row.model))];
  const last = options.arms[options.arms.length - 1];
  return Plot.plot({
    width: options.width ?? 680,
    height: 320,
    marginRight: 120,
    marginLeft: 50,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel,
    fx: { label: null, domain: ['format score', 'executor score'] },
    x: { domain: options.arms, label: null, padding: 0.3 },
    y: { domain: [0, 100], percent: true, label: 'Mean score (%)', grid: true },
    color: { domain: models, range: [...OKABE_ITO], legend: true },
    marks: [
      Plot.line(data, { fx: 'measure', x: 'arm', y: 'value', z: 'model', stroke: 'model', strokeWidth: 2, marker: 'circle' }),
      Plot.text(
        data.filter((row) => row.arm === last),
        { fx: 'measure', x: 'arm', y: 'value', text: 'label', dx: 8, textAnchor: 'start', fill: 'model' },
      ),
    ],
  });
}
