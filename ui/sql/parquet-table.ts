import { parquetMetadata, parquetRead, type ParquetParsers, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { toCell } from './csv.ts';

/** One column of a Parquet file: its name and the DuckDB type that holds its values. */
export interface ParquetColumn {
  name: string;
  type: string;
}

/** A Parquet file opened in the page: its columns (from the file's schema), its row count, and its rows by range. */
export interface ParquetFile {
  columns: ParquetColumn[];
  rowCount: number;
  /** Rows `start` (inclusive) to `end` (exclusive) as arrays in column order; only the row groups holding them are decoded. */
  rows(start: number, end: number): Promise<unknown[][]>;
}

/**
 * The DuckDB type for a flat Parquet column, from its logical (else converted, else physical)
 * type, so the engine gets the types the exporter wrote rather than guessing them from text.
 */
export function duckdbType(element: SchemaElement): string {
  const logical = element.logical_type;
  if (logical?.type === 'STRING' || logical?.type === 'ENUM' || logical?.type === 'JSON' || element.converted_type === 'UTF8') return 'VARCHAR';
  if (logical?.type === 'DATE' || element.converted_type === 'DATE') return 'DATE';
  if (logical?.type === 'TIMESTAMP' || element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS') {
    if (logical?.type === 'TIMESTAMP' && logical.unit === 'NANOS') return 'TIMESTAMP_NS';
    return logical?.type === 'TIMESTAMP' && logical.isAdjustedToUTC ? 'TIMESTAMPTZ' : 'TIMESTAMP';
  }
  if (logical?.type === 'INTEGER') return integerType(logical.bitWidth, logical.isSigned);
  if (logical?.type === 'DECIMAL') return `DECIMAL(${logical.precision}, ${logical.scale})`;
  switch (element.type) {
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'INT32':
      return 'INTEGER';
    case 'INT64':
      return 'BIGINT';
    case 'FLOAT':
      return 'FLOAT';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'BYTE_ARRAY':
      return 'VARCHAR';
    default:
      throw new Error(`column ${element.name}: Parquet type ${element.type ?? 'group'} is not one the SQL view reads; export again with this version`);
  }
}

function integerType(bits: number, signed: boolean): string {
  const name = ({ 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' } as Record<number, string>)[bits] ?? 'BIGINT';
  return signed ? name : `U${name}`;
}

/** Epoch units → `YYYY-MM-DD HH:MM:SS.fraction` text with every digit kept (a JS Date holds milliseconds only). */
function timestampText(value: bigint, perSecond: bigint, digits: number): string {
  const seconds = value / perSecond - (value % perSecond < 0n ? 1n : 0n);
  const fraction = value - seconds * perSecond;
  const day = new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return `${day}.${fraction.toString().padStart(digits, '0')}`;
}

/** Dates and timestamps as the text DuckDB's CSV reader casts back to the same value. */
const EXACT_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => timestampText(millis, 1000n, 3),
  timestampFromMicroseconds: (micros) => timestampText(micros, 1_000_000n, 6),
  timestampFromNanoseconds: (nanos) => timestampText(nanos, 1_000_000_000n, 9),
  dateFromDays: (days) => new Date(days * 86_400_000).toISOString().slice(0, 10),
};

/**
 * Opens a Parquet file held in memory (zstd and the other codecs through hyparquet-compressors).
 * Only flat files: a nested column (list, struct) would need more than one CSV field, and
 * runs.parquet has none.
 */
export function openParquetFile(file: ArrayBuffer): ParquetFile {
  const metadata = parquetMetadata(file);
  const [root, ...elements] = metadata.schema;
  if (root === undefined || elements.some((element) => (element.num_children ?? 0) > 0)) {
    throw new Error('the Parquet file has nested columns, which the SQL view does not read');
  }
  return {
    columns: elements.map((element) => ({ name: element.name, type: duckdbType(element) })),
    rowCount: Number(metadata.num_rows),
    async rows(rowStart, rowEnd) {
      let rows: unknown[][] = [];
      await parquetRead({ file, metadata, compressors, parsers: EXACT_PARSERS, rowStart, rowEnd, rowFormat: 'array', onComplete: (read) => (rows = read) });
      return rows;
    },
  };
}

/**
 * Rows as CSV for the engine's CSV reader with the columns' types given: every string is quoted
 * (read with quoted nulls off, `""` stays an empty string) and a null is an empty field.
 */
export function parquetCsv(columns: readonly ParquetColumn[], rows: readonly unknown[][]): string {
  const field = (value: unknown) => {
    const cell = toCell(value);
    if (cell === null) return '';
    return typeof cell === 'string' ? `"${cell.replaceAll('"', '""')}"` : String(cell);
  };
  const header = columns.map((column) => `"${column.name.replaceAll('"', '""')}"`).join(',');
  const lines = rows.map((row) => row.map(field).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
