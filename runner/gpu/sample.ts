import { parseReading, splitCsvRow } from './csv.ts';

/**
 * The sampler's query. `total_energy_consumption` (mJ since the driver loaded, Volta and newer)
 * is dropped by the sampler when the installed nvidia-smi does not know the field.
 */
export const SAMPLE_FIELDS = ['timestamp', 'index', 'power.draw', 'total_energy_consumption'] as const;
export const ENERGY_FIELD = 'total_energy_consumption';

/** One reading of one GPU, as the sampler received it. */
export interface Sample {
  gpu: number;
  /** Local monotonic time (performance.now(), ms) when the line arrived: windows are cut on this clock. */
  atMs: number;
  /** nvidia-smi's own timestamp, kept as printed for diagnosis. */
  smiTime: string;
  /** `power.draw` in W (a ~1 s average on recent GPUs); null for `[N/A]`. */
  powerW: number | null;
  /** `total_energy_consumption` in mJ; null for `[N/A]` or when the field is not queried. */
  energyMj: number | null;
}

/**
 * Parses one streamed line of the sampler's query (`--format=csv,noheader,nounits`), whose
 * fields are `fields` in order. Returns null for blank, header or malformed lines: a torn line
 * must not stop a sweep, and a missing sample shows up as a gap instead.
 */
export function parseSampleLine(line: string, atMs: number, fields: readonly string[]): Sample | null {
  const text = line.trim();
  if (text === '' || text.startsWith('timestamp')) return null;
  const values = splitCsvRow(text);
  if (values.length !== fields.length) return null;
  const field = (name: string): string | undefined => {
    const at = fields.indexOf(name);
    return at < 0 ? undefined : values[at];
  };
  const gpu = parseReading(field('index'));
  if (gpu === null || !Number.isInteger(gpu) || gpu < 0) return null;
  return {
    gpu,
    atMs,
    smiTime: field('timestamp') ?? '',
    powerW: parseReading(field('power.draw')),
    energyMj: parseReading(field(ENERGY_FIELD)),
  };
}
