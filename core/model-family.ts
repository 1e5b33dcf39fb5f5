import type { RunRecord } from '../schema/run-record.ts';

/**
 * Model family: `model.family` when the record sets it, else the name before the first `:`
 * (`qwen3:8b` → `qwen3`, `llama3.1:70b-q4` → `llama3.1`, `gpt-4o-mini` → `gpt-4o-mini`). Digits that
 * belong to the name (`qwen3`, `llama3.1`) are kept as-is: stripping them would merge generations.
 * One definition for the exporter's `runs` table and the site's SQL view.
 */
export function modelFamily(model: RunRecord['model']): string {
  if (model.family !== undefined && model.family.length > 0) return model.family;
  const colon = model.name.indexOf(':');
  return colon > 0 ? model.name.slice(0, colon) : model.name;
}
