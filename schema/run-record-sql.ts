import { RUN_SCHEMA_REFINEMENTS, recordJsonSchema, type JsonSchema } from './run-record-json-schema.ts';

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
 * - Refinements (`.refine`, `.superRefine`) have no JSON Schema form: each has a rule in
 *   ./run-record-json-schema.ts, which also refuses any keyword or zod type it cannot read exactly.
 */

const NUMBER_TYPES = `('UBIGINT', 'BIGINT', 'DOUBLE')`;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The body of `CREATE MACRO run_record_certain(line) AS …`: true when zod is certain to accept the
 * line's text as a `RunRecordSchema` record.
 */
export function runRecordCheckSql(): string {
  const { root, refined } = recordJsonSchema();
  let lambdas = 0;

  const check = (node: JsonSchema, value: string, path: string): string => {
    if ((node.const !== undefined || node.enum !== undefined) && node.type !== 'string') {
      throw new Error(`run-record-sql: a constant or enum that is not a string, at ${path || '(record)'}, has no SQL form`);
    }
    const parts: string[] = [];
    if (node.anyOf !== undefined) parts.push(`(${node.anyOf.map((branch) => check(branch, value, path)).join(' OR ')})`);
    // `type: [a, b]`: each keyword applies to values of its own type, so the branches split cleanly.
    if (Array.isArray(node.type)) parts.push(`(${node.type.map((type) => check({ ...node, type }, value, path)).join(' OR ')})`);
    else if (node.type !== undefined) parts.push(...typed(node, value, path));
    if (refined.has(path)) parts.push(RUN_SCHEMA_REFINEMENTS[path]!.sql(value, Object.keys(node.properties ?? {})));
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

  const lenient = quote(String.raw`,\s*[\]}]|[:,\[]\s*[-+]?(?i:nan|inf)`);
  const surrogate = quote(String.raw`\\u[dD][89a-fA-F]`);
  // The CASE does not shield the cast: DuckDB hoists the common `line` → JSON conversion above it.
  return [
    `CASE WHEN json_valid(line) AND NOT regexp_matches(line, ${lenient})`,
    `AND NOT regexp_matches(line, ${surrogate}) THEN coalesce(${check(root, 'TRY_CAST(line AS JSON)', '')}, false) ELSE false END`,
  ].join(' ');
}
