import { z } from 'zod';
import { RunRecordSchema } from './run-record.ts';

/**
 * The ledger record's contract as JSON Schema (`z.toJSONSchema(RunRecordSchema)`), for the checks
 * generated from it: the loader's fast path (./run-record-check.ts) and the DuckDB predicate
 * (./run-record-sql.ts). Both may only pass what zod passes, so anything they cannot read exactly
 * makes this throw instead of being ignored: a JSON Schema keyword outside KNOWN, a zod type the
 * refinement walk does not know, anything that makes zod's output differ from its input (a
 * default, a transform), or a refinement without a rule in RUN_SCHEMA_REFINEMENTS.
 */
export type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

const KNOWN = new Set([
  'type',
  'anyOf',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
]);

/**
 * One rule per refinement, by the dotted path of the refined value (arrays as `[]`), in SQL and in
 * JavaScript: true only where the refinement is certain to pass. `declared` lists the object's keys.
 */
export const RUN_SCHEMA_REFINEMENTS: Record<string, { sql: (value: string, declared: string[]) => string; js: (value: string, declared: string[]) => string }> =
  {
    // ParamsSchema's superRefine returns at once when params holds only its declared keys (all
    // required): extras, which it bounds by depth and size, send the line to zod.
    params: {
      sql: (value, declared) => `len(json_keys(${value})) = ${declared.length}`,
      js: (value, declared) => `Object.keys(${value}).length === ${declared.length}`,
    },
    // ShardSchema: index < count (both already checked to be integers).
    shard: {
      sql: (value) => `TRY_CAST(json_extract(${value}, '$.index') AS DOUBLE) < TRY_CAST(json_extract(${value}, '$.count') AS DOUBLE)`,
      js: (value) => `${value}.index < ${value}.count`,
    },
  };

/** zod types with nothing inside to walk, whose output is their input. */
const LEAVES = new Set(['string', 'number', 'boolean', 'null', 'literal', 'enum', 'unknown', 'any']);

/** Dotted paths (arrays as `[]`) of every value a refinement checks in `schema`. */
export function refinementPaths(schema: z.ZodType): string[] {
  const found: string[] = [];
  const walk = (node: z.ZodType, path: string) => {
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string; checks?: { _zod: { def: { check: string } } }[] };
    if ((def.checks ?? []).some((check) => check._zod.def.check === 'custom')) found.push(path);
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(child, path === '' ? key : `${path}.${key}`);
        if (def.catchall !== undefined) walk(def.catchall as z.ZodType, `${path}.*`);
        return;
      case 'optional':
      case 'nullable':
      case 'readonly':
        walk(def.innerType as z.ZodType, path);
        return;
      case 'array':
        walk(def.element as z.ZodType, `${path}[]`);
        return;
      case 'union':
        for (const option of def.options as z.ZodType[]) walk(option, path);
        return;
      default:
        if (!LEAVES.has(def.type)) throw new Error(`run-record schema checks: zod type "${def.type}" at ${path || '(record)'} is not walked`);
    }
  };
  walk(schema, '');
  return [...new Set(found)];
}

/** The record's JSON Schema, checked keyword by keyword, and the paths of its refinements (each with a rule). */
export function recordJsonSchema(): { root: JsonSchema; refined: Set<string> } {
  const refined = refinementPaths(RunRecordSchema);
  const missing = refined.filter((path) => RUN_SCHEMA_REFINEMENTS[path] === undefined);
  if (missing.length > 0) throw new Error(`run-record schema checks: no rule for the refinement at ${missing.join(', ')}`);
  const { $schema: _, ...root } = z.toJSONSchema(RunRecordSchema, { io: 'input' }) as JsonSchema & { $schema?: string };
  const visit = (node: JsonSchema, path: string) => {
    for (const key of Object.keys(node))
      if (!KNOWN.has(key)) throw new Error(`run-record schema checks: JSON Schema keyword "${key}" at ${path || '(record)'} has no check`);
    const scalars = [...(node.const === undefined ? [] : [node.const]), ...(node.enum ?? [])];
    if (scalars.some((item) => item !== null && typeof item === 'object')) throw new Error(`run-record schema checks: a constant at ${path} is not a scalar`);
    for (const branch of node.anyOf ?? []) visit(branch, path);
    for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, path === '' ? key : `${path}.${key}`);
    if (node.items !== undefined) visit(node.items, `${path}[]`);
    if (typeof node.additionalProperties === 'object' && Object.keys(node.additionalProperties).length > 0) {
      throw new Error(`run-record schema checks: typed additional properties at ${path || '(record)'} have no check`);
    }
  };
  visit(root, '');
  return { root, refined: new Set(refined) };
}
