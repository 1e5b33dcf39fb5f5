import type { Gpu } from '../../schema/run-record.ts';
import { parseReading, parseText, splitCsvRow } from './csv.ts';

/**
 * The discovery query. Field names are those of `nvidia-smi --help-query-gpu`; `power.limit` is
 * the software limit `-pl` sets, `enforced.power.limit` the one the driver applies after every
 * limiter (see docs/energy.md).
 */
export const DISCOVERY_FIELDS = [
  'index',
  'name',
  'uuid',
  'driver_version',
  'memory.total',
  'power.min_limit',
  'power.max_limit',
  'power.default_limit',
  'power.limit',
  'enforced.power.limit',
] as const;

/** What discovery knows about one GPU: its record facts plus the software limit `-pl` sets. */
export interface GpuFacts {
  gpu: Gpu;
  /** `power.limit` (W): what `-pl` changes and what a restore sets back; null when not supported. */
  powerLimitW: number | null;
}

/**
 * Parses the discovery query's output (`--format=csv,noheader,nounits`, or with a header/units:
 * a header row is skipped). Throws an Error naming the line when a row is malformed.
 */
export function parseGpuFacts(stdout: string): GpuFacts[] {
  const facts: GpuFacts[] = [];
  const lines = stdout.split(/\r?\n/);
  lines.forEach((line, lineIndex) => {
    if (line.trim() === '' || line.startsWith('index')) return;
    const fields = splitCsvRow(line);
    if (fields.length !== DISCOVERY_FIELDS.length) {
      throw new Error(`line ${lineIndex + 1}: expected ${DISCOVERY_FIELDS.length} fields, got ${fields.length}: ${line}`);
    }
    const [index, name, uuid, driver, memory, min, max, def, limit, enforced] = fields;
    const gpuIndex = parseReading(index);
    if (gpuIndex === null || !Number.isInteger(gpuIndex) || gpuIndex < 0) {
      throw new Error(`line ${lineIndex + 1}: index: expected a GPU number, got '${index}'`);
    }
    facts.push({
      gpu: {
        index: gpuIndex,
        name: parseText(name) ?? 'unknown',
        uuid: parseText(uuid) ?? 'unknown',
        driver: parseText(driver) ?? 'unknown',
        // Memory is reported in MiB; the record keeps the number as printed.
        memory_mb: Math.max(0, parseReading(memory) ?? 0),
        power_limit_min_w: parseReading(min),
        power_limit_max_w: parseReading(max),
        power_limit_default_w: parseReading(def),
        power_limit_enforced_w: parseReading(enforced),
      },
      powerLimitW: parseReading(limit),
    });
  });
  return facts;
}
