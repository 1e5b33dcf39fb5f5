import { CliError } from '../../lib/cli-error.ts';
import { DISCOVERY_FIELDS, parseGpuFacts, type GpuFacts } from './gpu-facts.ts';
import { firstLine, type NvidiaSmi } from './nvidia-smi.ts';
import { ENERGY_FIELD, SAMPLE_FIELDS } from './sample.ts';

const DISCOVERY_ARGS = [`--query-gpu=${DISCOVERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];

/** Queries every GPU's facts and limits; one clear CliError line when nvidia-smi cannot answer. */
export async function discoverGpus(smi: NvidiaSmi): Promise<GpuFacts[]> {
  const result = await smi.run(DISCOVERY_ARGS);
  if (result.code !== 0) {
    throw new CliError(`${smi.describe(DISCOVERY_ARGS)} failed: ${firstLine(result)}; check the NVIDIA driver, or run only sim: models`);
  }
  let facts: GpuFacts[];
  try {
    facts = parseGpuFacts(result.stdout);
  } catch (error) {
    throw new CliError(`nvidia-smi --query-gpu output: ${(error as Error).message}; report this with your driver version`);
  }
  if (facts.length === 0) throw new CliError('nvidia-smi lists no GPU; check the NVIDIA driver, or run only sim: models');
  return facts;
}

/** The GPUs a sweep measures: the one `--gpu N` names, else all of them. */
export function selectGpus(all: readonly GpuFacts[], gpuIndex: number | null): GpuFacts[] {
  if (gpuIndex === null) return [...all];
  const chosen = all.filter((f) => f.gpu.index === gpuIndex);
  if (chosen.length === 0) {
    throw new CliError(`--gpu ${gpuIndex}: no such GPU; nvidia-smi lists ${all.map((f) => f.gpu.index).join(', ')}`);
  }
  return chosen;
}

/**
 * The sampler's fields for this driver: drivers whose nvidia-smi does not know
 * `total_energy_consumption` reject the whole query, so it is probed once and dropped if unknown
 * (energy then comes from integrating power.draw).
 */
export async function probeSampleFields(smi: NvidiaSmi, gpuIndex: number | null): Promise<string[]> {
  const fields: string[] = [...SAMPLE_FIELDS];
  const args = [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'];
  if (gpuIndex !== null) args.push('-i', String(gpuIndex));
  const result = await smi.run(args);
  if (result.code === 0) return fields;
  if (/not a valid field/i.test(`${result.stdout}${result.stderr}`)) return fields.filter((f) => f !== ENERGY_FIELD);
  throw new CliError(`${smi.describe(args)} failed: ${firstLine(result)}; check the NVIDIA driver`);
}
