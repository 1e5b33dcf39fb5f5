import { RUN_SCHEMA_REFINEMENTS, recordJsonSchema, type JsonSchema } from './run-record-json-schema.ts';
import type { RunRecord } from './run-record.ts';

/**
 * A fast path past zod for the common record, generated from the same contract (through
 * `z.toJSONSchema(RunRecordSchema)`) as straight-line JavaScript: true only where zod is certain to
 * accept the parsed value AND to return it unchanged — every object holds only declared keys, in
 * the schema's order, so zod's output (unknown keys stripped, keys in schema order) has the same
 * text and the same fields as the value itself. Anything else goes to zod, which decides and words
 * the reason; test/exporter/ledgers/run-record-sql.test.ts checks both halves of that promise.
 */

/** The generated check's source, with the regular expressions it uses (passed in, not inlined). */
function checkSource(): { body: string; patterns: RegExp[] } {
  const { root, refined } = recordJsonSchema();
  const patterns: RegExp[] = [];
  let names = 0;

  const check = (node: JsonSchema, v: string, path: string): string => {
    const parts: string[] = [];
    // Constants and enums hold JSON scalars of any type: compared as such, whatever `type` says.
    if (node.const !== undefined) parts.push(`${v} === ${JSON.stringify(node.const)}`);
    if (node.enum !== undefined) parts.push(`(${node.enum.map((item) => `${v} === ${JSON.stringify(item)}`).join(' || ')})`);
    if (node.anyOf !== undefined) parts.push(`(${node.anyOf.map((branch) => check(branch, v, path)).join(' || ')})`);
    if (Array.isArray(node.type)) parts.push(`(${node.type.map((type) => check({ ...node, type }, v, path)).join(' || ')})`);
    else if (node.type !== undefined) parts.push(typed(node, v, path));
    const rule = refined.has(path) ? RUN_SCHEMA_REFINEMENTS[path]! : null;
    if (rule !== null) parts.push(rule.js(v, Object.keys(node.properties ?? {})));
    return parts.length === 0 ? 'true' : `(${parts.join(' && ')})`;
  };

  const typed = (node: JsonSchema, v: string, path: string): string => {
    const parts: string[] = [];
    switch (node.type) {
      case 'null':
        return `${v} === null`;
      case 'boolean':
        return `typeof ${v} === 'boolean'`;
      case 'string':
        parts.push(`typeof ${v} === 'string'`);
        if (node.minLength !== undefined) parts.push(`${v}.length >= ${node.minLength}`);
        if (node.maxLength !== undefined) parts.push(`${v}.length <= ${node.maxLength}`);
        if (node.pattern !== undefined) {
          patterns.push(new RegExp(node.pattern));
          parts.push(`patterns[${patterns.length - 1}].test(${v})`);
        } else if (node.format !== undefined) throw new Error(`run-record-check: format "${node.format}" at ${path} has no pattern to check`);
        break;
      case 'number':
      case 'integer':
        parts.push(`typeof ${v} === 'number'`, `Number.isFinite(${v})`);
        if (node.type === 'integer') parts.push(`Number.isInteger(${v})`);
        if (node.minimum !== undefined) parts.push(`${v} >= ${node.minimum}`);
        if (node.maximum !== undefined) parts.push(`${v} <= ${node.maximum}`);
        if (node.exclusiveMinimum !== undefined) parts.push(`${v} > ${node.exclusiveMinimum}`);
        if (node.exclusiveMaximum !== undefined) parts.push(`${v} < ${node.exclusiveMaximum}`);
        break;
      case 'array': {
        parts.push(`Array.isArray(${v})`);
        if (node.minItems !== undefined) parts.push(`${v}.length >= ${node.minItems}`);
        if (node.maxItems !== undefined) parts.push(`${v}.length <= ${node.maxItems}`);
        if (node.items !== undefined) {
          const item = `i${names++}`;
          parts.push(`${v}.every((${item}) => ${check(node.items, item, `${path}[]`)})`);
        }
        break;
      }
      case 'object': {
        const declared = Object.keys(node.properties ?? {});
        const required = new Set(node.required ?? []);
        parts.push(`typeof ${v} === 'object'`, `${v} !== null`, `!Array.isArray(${v})`);
        // Only declared keys, in the schema's order: then zod's output is this object, key for key.
        parts.push(`inOrder(${v}, ${JSON.stringify(declared)})`);
        for (const key of declared) {
          const member = `${v}[${JSON.stringify(key)}]`;
          const inner = check(node.properties![key]!, member, path === '' ? key : `${path}.${key}`);
          parts.push(required.has(key) ? `(${member} !== undefined && ${inner})` : `(${member} === undefined || ${inner})`);
        }
        break;
      }
      default:
        throw new Error(`run-record-check: JSON Schema type "${node.type}" at ${path} has no check`);
    }
    return parts.join(' && ');
  };

  return { body: `return ${check(root, 'value', '')};`, patterns };
}

/** Whether an object's own keys are all in `declared`, in that order. */
function inOrder(value: object, declared: readonly string[]): boolean {
  let at = 0;
  for (const key in value) {
    while (at < declared.length && declared[at] !== key) at++;
    if (at === declared.length) return false;
    at++;
  }
  return true;
}

/**
 * The generated check, compiled once: true means `value` is a record zod accepts and returns
 * unchanged, so the loader may use it without running zod.
 */
export function compileRecordCheck(): (value: unknown) => value is RunRecord {
  const { body, patterns } = checkSource();
  // Code built from the schema alone, never from input: a fixed function per exporter build.
  const factory = new Function('patterns', 'inOrder', `return (value) => { ${body} };`) as (
    patterns: RegExp[],
    order: typeof inOrder,
  ) => (value: unknown) => value is RunRecord;
  return factory(patterns, inOrder);
}
