import type { ToolDef, World } from '../../schema/agent-suite.ts';
import { evaluateArithmetic } from './calculator.ts';

/** What one tool call did: the text the model reads back and the world after it (pure: a new world). */
export interface ToolEffect {
  result: string;
  world: World;
}

/** Arguments that break the tool's declared parameters: classified `parse/tool_arguments`. */
export class ToolArgumentError extends Error {
  override name = 'ToolArgumentError';
}

/**
 * Checks a parsed arguments object against the tool's parameters (required keys present, declared
 * types right) and returns it; anything else is a ToolArgumentError naming what is wrong.
 */
export function checkArguments(tool: ToolDef, parsed: unknown): Record<string, unknown> {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ToolArgumentError(`${tool.name}: arguments are not a JSON object`);
  const args = parsed as Record<string, unknown>;
  for (const key of tool.parameters.required) {
    if (!(key in args)) throw new ToolArgumentError(`${tool.name}: missing required argument '${key}'`);
  }
  for (const [key, value] of Object.entries(args)) {
    const declared = tool.parameters.properties[key];
    if (!declared) throw new ToolArgumentError(`${tool.name}: unknown argument '${key}'`);
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (actual !== declared.type) throw new ToolArgumentError(`${tool.name}: argument '${key}' should be a ${declared.type}, got ${actual}`);
  }
  return args;
}

/**
 * Applies one call of `tool` to `world`. Failures the model can recover from (a missing file, an
 * unknown ticket) are results it reads, not task failures.
 */
export function applyTool(tool: ToolDef, args: Record<string, unknown>, world: World): ToolEffect {
  const text = (key: string) => String(args[key] ?? '');
  switch (tool.kind) {
    case 'fs.read': {
      const content = world.files[normalisePath(text('path'))];
      return { result: content ?? `error: no such file ${text('path')}`, world };
    }
    case 'fs.list': {
      const dir = normalisePath(text('path') || '/').replace(/\/?$/, '/');
      const names = Object.keys(world.files)
        .filter((path) => path.startsWith(dir))
        .sort();
      return { result: names.length > 0 ? names.join('\n') : `(no files under ${dir})`, world };
    }
    case 'fs.write': {
      const path = normalisePath(text('path'));
      return { result: `wrote ${text('content').length} characters to ${path}`, world: { ...world, files: { ...world.files, [path]: text('content') } } };
    }
    case 'fs.delete': {
      const path = normalisePath(text('path'));
      if (!(path in world.files)) return { result: `error: no such file ${path}`, world };
      const { [path]: _gone, ...files } = world.files;
      return { result: `deleted ${path}`, world: { ...world, files } };
    }
    case 'calc.eval':
      try {
        return { result: formatNumber(evaluateArithmetic(text('expression'))), world };
      } catch (error) {
        return { result: `error: ${(error as Error).message}`, world };
      }
    case 'tickets.lookup': {
      const ticket = world.tickets[text('id')];
      return { result: ticket ? JSON.stringify({ id: text('id'), ...sorted(ticket) }) : `error: no ticket ${text('id')}`, world };
    }
    case 'tickets.update': {
      const id = text('id');
      const ticket = world.tickets[id];
      if (!ticket) return { result: `error: no ticket ${id}`, world };
      const field = text('field');
      return {
        result: `ticket ${id}: ${field} = ${text('value')}`,
        world: { ...world, tickets: { ...world.tickets, [id]: { ...ticket, [field]: text('value') } } },
      };
    }
    case 'mail.send': {
      const mail = { to: text('to'), subject: text('subject'), body: text('body') };
      return { result: `sent to ${mail.to}`, world: { ...world, outbox: [...world.outbox, mail] } };
    }
  }
}

/** `/a//b/./c` and `a/b/c` name the same file; `..` is resolved so it cannot step around a rule. */
export function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Up to 10 significant digits, without float noise such as 0.30000000000000004. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(10)));
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
