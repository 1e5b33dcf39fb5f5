import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as Plot from '@observablehq/plot';
import { FAILURE_CLASS_COLOURS, FAILURE_STAGE_COLOURS, UNKNOWN_COLOUR, VERDICT_COLOURS, failureClassColour, modelColours } from '../../../core/palette.ts';
import { FailureStageSchema } from '../../../schema/run-record.ts';
import { VerdictSchema } from '../../../schema/surfaces/comparisons.ts';
import { barChartOptions } from '../../../ui/charts/bar-chart.ts';
import { forestChartOptions } from '../../../ui/charts/forest-chart.ts';
import { lineChartOptions } from '../../../ui/charts/line-chart.ts';
import { slopeChartOptions } from '../../../ui/charts/slope-chart.ts';

/** The colour scale of a chart's Plot options as key → colour. */
function colourMap(options: Plot.PlotOptions): Map<string, string> {
  const scale = options.color as { domain: string[]; range: string[] };
  expect(scale.domain.length).toBe(scale.range.length);
  return new Map(scale.domain.map((key, index) => [key, scale.range[index]!]));
}

/** Every failure class the runner writes, read from its sources, so a new class cannot miss the catalogue. */
function classesInRunner(): Set<string> {
  const classes = new Set<string>();
  for (const dir of ['runner/evaluators', 'runner/backends', 'runner/agent']) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      for (const match of text.matchAll(/class: '([a-z_]+)'/g)) classes.add(match[1]!);
      for (const match of text.matchAll(/new \w*Error\('([a-z_]+)'/g)) classes.add(match[1]!);
      for (const match of text.matchAll(/failureClass === '([a-z_]+)'/g)) classes.add(match[1]!);
    }
  }
  const execute = readFileSync('runner/evaluators/code.ts', 'utf8').match(/EXECUTE_CLASS = \{([^}]*)\}/)![1]!;
  for (const match of execute.matchAll(/: '([a-z_]+)'/g)) classes.add(match[1]!);
  return classes;
}

const bar = (labels: string[]) =>
  barChartOptions(
    labels.map((label, index) => ({ label, value: index + 1, group: 'semantic' })),
    { xLabel: 'runs', ariaLabel: 'a' },
  );

describe('the colour catalogue', () => {
  it('names every failure class the runner writes, integrity_violation included, each in its own colour', () => {
    const classes = classesInRunner();
    expect(classes.has('integrity_violation')).toBe(true);
    expect(classes.has('wrong_answer')).toBe(true);
    for (const failureClass of classes) expect(FAILURE_CLASS_COLOURS, failureClass).toHaveProperty(failureClass);
    const colours = Object.values(FAILURE_CLASS_COLOURS);
    expect(new Set(colours).size).toBe(colours.length);
    expect(colours).not.toContain(UNKNOWN_COLOUR);
  });

  it('covers every failure stage and every verdict of the schemas', () => {
    expect(Object.keys(FAILURE_STAGE_COLOURS).sort()).toEqual([...FailureStageSchema.options].sort());
    expect(Object.keys(VERDICT_COLOURS).sort()).toEqual([...VerdictSchema.options].sort());
  });

  it('gives a failure class the same colour in every chart, whatever the other classes and their order', () => {
    const one = colourMap(bar(['wrong_answer', 'integrity_violation', 'timeout']));
    const two = colourMap(bar(['timeout', 'syntax_error', 'wrong_answer', 'integrity_violation']));
    for (const failureClass of ['wrong_answer', 'integrity_violation', 'timeout']) {
      expect(one.get(failureClass)).toBe(two.get(failureClass));
      expect(one.get(failureClass)).toBe(failureClassColour(failureClass));
    }
    expect(one.get('wrong_answer')).not.toBe(one.get('integrity_violation'));
    expect(failureClassColour('a_class_nobody_writes')).toBe(UNKNOWN_COLOUR);
  });

  it('gives a model the same colour in the line and slope charts, whatever order the rows list models in', () => {
    const all = ['sim:small', 'sim:large', 'qwen2.5:7b', 'sim:medium'];
    const colours = modelColours(all);
    expect(modelColours([...all].reverse())).toEqual(colours);
    expect(new Set(colours.values()).size).toBe(all.length);
    const line = colourMap(
      lineChartOptions(
        [
          { series: 'sim:small', x: 100, y: 1 },
          { series: 'sim:large', x: 100, y: 2 },
        ],
        { xLabel: 'W', yLabel: 'J', ariaLabel: 'a', colours },
      ),
    );
    const slope = colourMap(
      slopeChartOptions(
        [
          { model: 'sim:large', arm: 'plain', measure: 'format score', value: 0.5 },
          { model: 'qwen2.5:7b', arm: 'plain', measure: 'format score', value: 0.5 },
          { model: 'sim:small', arm: 'plain', measure: 'format score', value: 0.5 },
        ],
        { arms: ['plain'], ariaLabel: 'a', colours },
      ),
    );
    for (const model of ['sim:small', 'sim:large']) {
      expect(line.get(model)).toBe(colours.get(model));
      expect(slope.get(model)).toBe(colours.get(model));
    }
  });

  it('colours forest-plot verdicts from the catalogue', () => {
    const rows = (['non_inferior', 'significant_regression'] as const).map((verdict, index) => ({
      label: `row ${index}`,
      header: [`row ${index}`],
      delta: 0,
      low: -0.1,
      high: 0.1,
      verdict,
    }));
    const colours = colourMap(forestChartOptions(rows, { ariaLabel: 'a', margin: null }));
    expect(colours.get('non_inferior')).toBe(VERDICT_COLOURS.non_inferior);
    expect(colours.get('significant_regression')).toBe(VERDICT_COLOURS.significant_regression);
  });
});
