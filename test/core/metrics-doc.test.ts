import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS, QUANTILES } from '../../core/metrics/catalogue.ts';
import { METRIC_COLUMNS } from '../../core/metrics/compute.ts';
import { SUM_FIELDS } from '../../core/metrics/sums.ts';

/**
 * docs/metrics.md holds two tables generated from the catalogue, between marker comments: the
 * metrics (name, label, unit, description, better) and the additive sums. This test fails when
 * they differ; `UPDATE_DOCS=1 npx vitest run test/core/metrics-doc.test.ts` rewrites them.
 */
const DOC = new URL('../../docs/metrics.md', import.meta.url);
const escapePipes = (text: string) => text.replaceAll('|', '\\|');

function metricTable(): string {
  const lines = ['| metric | label | unit | better | definition |', '|---|---|---|---|---|'];
  for (const m of [...METRICS, ...QUANTILES]) {
    const unit = METRIC_COLUMNS[m.name]!.unit;
    lines.push(`| \`${m.name}\` | ${escapePipes(m.label)} | ${escapePipes(unit)} | ${m.better ?? '—'} | ${escapePipes(m.description)} |`);
  }
  return lines.join('\n');
}

function sumTable(): string {
  const lines = ['| sum | unit | definition |', '|---|---|---|'];
  for (const field of SUM_FIELDS) {
    const column = METRIC_COLUMNS[field]!;
    lines.push(`| \`${field}\` | ${escapePipes(column.unit)} | ${escapePipes(column.description)} |`);
  }
  return lines.join('\n');
}

function section(text: string, name: string): string | null {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text);
  return match === null ? null : match[1]!;
}

describe('docs/metrics.md', () => {
  it('documents exactly the catalogue: every metric and sum with its unit and definition, nothing else', () => {
    let text = readFileSync(DOC, 'utf8');
    const wanted = { metrics: metricTable(), sums: sumTable() };
    if (process.env.UPDATE_DOCS === '1') {
      for (const [name, table] of Object.entries(wanted)) {
        text = text.replace(
          new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`),
          (_all, start: string, end: string) => `${start}${table}${end}`,
        );
      }
      writeFileSync(DOC, text);
    }
    for (const [name, table] of Object.entries(wanted)) expect(section(text, name), `${name} table (UPDATE_DOCS=1 regenerates)`).toBe(table);
    // Every backticked metric-like name in a table row of the doc is a catalogue metric or sum.
    const known = new Set<string>([...[...METRICS, ...QUANTILES].map((m) => m.name), ...SUM_FIELDS]);
    const documented = [...text.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
    expect(documented.filter((name) => !known.has(name))).toEqual([]);
  });
});
