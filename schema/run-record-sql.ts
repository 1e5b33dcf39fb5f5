import { z } from 'zod';
import { RunRecordSchema } from './run-record.ts';

/**
 * The ledger record's contract as one DuckDB SQL predicate over a line's text, generated from the
 * zod `RunRecordSchema` (through `z.toJSONSchema`), so the contract stays written once.
 *
 * The predicate is a pre-check, not a judge: true means zod is certain to accept the line; false
 * means "send it to zod", which decides and words the rejection. So it may be false for lines zod
 * accepts, never true for a line zod rejects (test/exporter/ledgers/run-record-sql.test.ts checks
 * that over every corpus line and thousands of mutations). Where the two parsers or the two
 * languages differ, the predicate errs towards false:
 * - DuckDB's JSON reader accepts trailing commas and NaN/Infinity, which JSON.parse rejects, and it
 *   reads the first of a duplicated key where JSON.parse keeps the last: lines that may hold either,
 *   and objects with a repeated key, are flagged.
 * - zod counts a string's length in UTF-16 code units; DuckDB counts characters (`length`) and bytes
 *   (`strlen`). Characters ≤ code units ≤ bytes, so a minimum is checked on characters and a maximum
 *   on bytes.
 * - A `\uD800`–`\uDFFF` escape (a lone surrogate is rejected before zod) flags the line.
 * - The checks on a line's bytes (size, UTF-8) come before its text exists and stay in
 *   exporter/ledgers/validate.ts; this predicate covers what `validateLine` judges from the text.
 * - Refinements (`.refine`, `.superRefine`) have no JSON Schema form: each one the schema holds
 *   must have a rule in RUN_SCHEMA_REFINEMENTS, else the generator throws, so a new refinement cannot slip
 *   through unchecked.
 */

type JsonSchema = {
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
  $schema?: string;
};

/** What a JSON Schema node may say; any other keyword makes the generator throw rather than ignore it. */
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
  '$schema',
]);

/**
 * One rule per refinement, by the dotted path of the refined value, in SQL (this file) and in
 * JavaScript (./run-record-check.ts): true only where the refinement is certain to pass.
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

const NUMBER_TYPES = `('UBIGINT', 'BIGINT', 'DOUBLE')`;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Dotted paths (arrays as `[]`) of every value a refinement checks in `schema`. */
export function refinementPaths(schema: z.ZodType): string[] {
  const found: string[] = [];
  const walk = (node: z.ZodType, path: string) => {
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string; checks?: { _zod: { def: { check: string } } }[] };
    if ((def.checks ?? []).some((check) => check._zod.def.check === 'custom')) found.push(path);
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(child, path === '' ? key : `${path}.${key}`);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
        walk(def.innerType as z.ZodType, path);
        return;
      case 'array':
        walk(def.element as z.ZodType, `${path}[]`);
        return;
      case 'union':
        for (const option of def.options as z.ZodType[]) walk(option, path);
        return;
      case 'pipe':
        walk(def.in as z.ZodType, path);
        return;
      case 'custom':
        found.push(path);
        return;
      default:
        return;
    }
  };
  walk(schema, '');
  return [...new Set(found)];
}

/**
 * The body of `CREATE MACRO run_record_certain(line) AS …`: true when zod is certain to accept the
 * line's text as a `RunRecordSchema` record.
 */
export function runRecordCheckSql(): string {
  const refined = refinementPaths(RunRecordSchema);
  const missing = refined.filter((path) => RUN_SCHEMA_REFINEMENTS[path] === undefined);
  if (missing.length > 0) throw new Error(`run-record-sql: no SQL rule for the refinement at ${missing.join(', ')}`);
  const root = z.toJSONSchema(RunRecordSchema, { io: 'input' }) as JsonSchema;
  const refinedSet = new Set(refined);
  let lambdas = 0;

  const check = (node: JsonSchema, value: string, path: string): string => {
    for (const key of Object.keys(node))
      if (!KNOWN.has(key)) throw new Error(`run-record-sql: JSON Schema keyword "${key}" at ${path || '(record)'} has no SQL form`);
    const parts: string[] = [];
    if (node.anyOf !== undefined) parts.push(`(${node.anyOf.map((branch) => check(branch, value, path)).join(' OR ')})`);
    // `type: [a, b]`: each keyword applies to values of its own type, so the branches split cleanly.
    if (Array.isArray(node.type)) parts.push(`(${node.type.map((type) => check({ ...node, type }, value, path)).join(' OR ')})`);
    else if (node.type !== undefined) parts.push(...typed(node, value, path));
    if (refinedSet.has(path)) parts.push(RUN_SCHEMA_REFINEMENTS[path]!.sql(value, Object.keys(node.properties ?? {})));
    return parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
  };

  const typed = (node: JsonSchema, value: string, path: string): string[] => {
    switch (node.type) {
      case 'null':
        return [`json_type(${value}) = 'NULL'`];
      case 'boolean':
        return [`json_type(${value}) = 'BOOLEAN'`];
      case 'string': {
        const text = `json_extract_string(${value}, '$')`;
        const parts = [`json_type(${value}) = 'VARCHAR'`];
        if (node.const !== undefined) parts.push(`${text} = ${quote(String(node.const))}`);
        if (node.enum !== undefined) parts.push(`${text} IN (${node.enum.map((item) => quote(String(item))).join(', ')})`);
        if (node.minLength !== undefined) parts.push(`length(${text}) >= ${node.minLength}`);
        if (node.maxLength !== undefined) parts.push(`strlen(${text}) <= ${node.maxLength}`);
        if (node.pattern !== undefined) parts.push(`regexp_matches(${text}, ${quote(node.pattern)})`);
        else if (node.format !== undefined) throw new Error(`run-record-sql: format "${node.format}" at ${path} has no pattern to check`);
        return parts;
      }
      case 'number':
      case 'integer': {
        const number = `TRY_CAST(${value} AS DOUBLE)`;
        const parts = [`json_type(${value}) IN ${NUMBER_TYPES}`, `isfinite(${number})`];
        if (node.type === 'integer') parts.push(`${number} = trunc(${number})`);
        if (node.minimum !== undefined) parts.push(`${number} >= ${node.minimum}`);
        if (node.maximum !== undefined) parts.push(`${number} <= ${node.maximum}`);
        if (node.exclusiveMinimum !== undefined) parts.push(`${number} > ${node.exclusiveMinimum}`);
        if (node.exclusiveMaximum !== undefined) parts.push(`${number} < ${node.exclusiveMaximum}`);
        return parts;
      }
      case 'array': {
        const parts = [`json_type(${value}) = 'ARRAY'`];
        if (node.minItems !== undefined) parts.push(`json_array_length(${value}) >= ${node.minItems}`);
        if (node.maxItems !== undefined) parts.push(`json_array_length(${value}) <= ${node.maxItems}`);
        if (node.items !== undefined) {
          const item = `item${lambdas++}`;
          parts.push(`coalesce(list_bool_and(list_transform(json_extract(${value}, '$[*]'), ${item} -> ${check(node.items, item, `${path}[]`)})), true)`);
        }
        return parts;
      }
      case 'object': {
        // Parsed once: its keys and every declared member as JSON, bound to a lambda variable
        // (json_extract per member would parse the object again for each).
        const bound = `object${lambdas++}`;
        const keys = `${bound}.k`;
        const properties = Object.keys(node.properties ?? {});
        const structure = quote(JSON.stringify(Object.fromEntries(properties.map((key) => [key, 'JSON']))));
        // A repeated key: DuckDB reads the first, JSON.parse the last.
        const parts = [`len(${keys}) = len(list_distinct(${keys}))`];
        const required = new Set(node.required ?? []);
        if (node.additionalProperties === false) {
          parts.push(`list_has_all([${properties.map(quote).join(', ')}]::VARCHAR[], ${keys})`);
        } else if (typeof node.additionalProperties === 'object' && Object.keys(node.additionalProperties).length > 0) {
          throw new Error(`run-record-sql: typed additional properties at ${path || '(record)'} have no SQL form`);
        }
        for (const [key, child] of Object.entries(node.properties ?? {})) {
          const childPath = path === '' ? key : `${path}.${key}`;
          const present = `list_contains(${keys}, ${quote(key)})`;
          // json_transform reads a JSON null as SQL NULL: put it back, so `null` checks see it.
          const member = `coalesce(${bound}.s."${key}", 'null'::JSON)`;
          const inner = check(child, member, childPath);
          parts.push(required.has(key) ? `(${present} AND ${inner})` : `(NOT ${present} OR ${inner})`);
        }
        if (properties.length === 0) parts.push(`json_type(${value}) = 'OBJECT'`);
        const object = properties.length === 0 ? '' : `, 's': json_transform(${value}, ${structure})`;
        return [
          `json_type(${value}) = 'OBJECT'`,
          `coalesce(list_transform([{'k': json_keys(${value})${object}}], ${bound} -> ${parts.join(' AND ')})[1], false)`,
        ];
      }
      default:
        throw new Error(`run-record-sql: JSON Schema type "${node.type}" at ${path} has no SQL form`);
    }
  };

  const { $schema: _, ...record } = root;
  const lenient = quote(String.raw`,\s*[\]}]|[:,\[]\s*[-+]?(?i:nan|inf)`);
  const surrogate = quote(String.raw`\\u[dD][89a-fA-F]`);
  // The CASE does not shield the cast: DuckDB hoists the common `line` → JSON conversion above it.
  return [
    `CASE WHEN json_valid(line) AND NOT regexp_matches(line, ${lenient})`,
    `AND NOT regexp_matches(line, ${surrogate}) THEN coalesce(${check(record, 'TRY_CAST(line AS JSON)', '')}, false) ELSE false END`,
  ].join(' ');
}
