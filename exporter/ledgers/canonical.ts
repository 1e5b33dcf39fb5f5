import type { RunRecord } from '../../schema/run-record.ts';

const PARAM_KEYS = new Set(['temperature', 'seed', 'max_tokens']);

/**
 * A validated record as the run shards hold it (pure): the zod output, so unknown keys are gone, a
 * duplicated key holds the one value that was validated and counted, and every field is in the
 * schema's order. The free-form extras of `params` keep their values but are sorted by key, deeply,
 * so the shard bytes do not depend on the order a runner happened to write them in.
 */
export function canonicalJson(record: RunRecord): string {
  // Most records carry only the three known parameters, already in the schema's order.
  const keys = Object.keys(record.params);
  if (keys.length === 3 && keys[0] === 'temperature' && keys[1] === 'seed' && keys[2] === 'max_tokens') return JSON.stringify(record);
  const params: Record<string, unknown> = {};
  const extras: string[] = [];
  for (const key of Object.keys(record.params)) {
    if (PARAM_KEYS.has(key)) params[key] = record.params[key];
    else extras.push(key);
  }
  for (const key of extras.sort()) params[key] = sortKeys(record.params[key]);
  return JSON.stringify({ ...record, params });
}

// Depth is bounded by the schema (BOUNDS.paramsDepth), so recursion here is safe.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
