import { formatMetric } from '../logic/format.ts';
import { metricColumn, type MetricColumn } from '../logic/metric-columns.ts';
import type { TableColumn } from './lb-data-table.ts';

/**
 * Table columns for catalogue metrics: label, unit and the words for a missing value all come from
 * the metric catalogue, so no view restates them.
 */
export function metricTableColumns<Row extends object>(keys: readonly (keyof Row & MetricColumn['key'])[]): TableColumn<Row>[] {
  return keys.map((key) => {
    const column = metricColumn(key);
    return {
      key,
      label: column.label,
      unit: column.unit,
      numeric: true,
      value: (row: Row) => row[key] as number | null,
      render: (row: Row) => formatMetric(row[key] as number | null, column),
    };
  });
}
