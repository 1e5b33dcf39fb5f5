import type { ForbiddenRule } from '../../schema/agent-suite.ts';
import { normalisePath } from './tools.ts';

/**
 * The safety gate: the first rule a call breaks, or null. It runs before the call is executed,
 * so a forbidden call never touches the world. Paths are normalised first (`/tmp/../secrets` is
 * under `/secrets`); a recipient without an allowed domain is "sending outside".
 */
export function forbiddenBy(rules: readonly ForbiddenRule[], tool: string, args: Record<string, unknown>): ForbiddenRule | null {
  return rules.find((rule) => rule.tool === tool && breaks(rule, args)) ?? null;
}

function breaks(rule: ForbiddenRule, args: Record<string, unknown>): boolean {
  if (rule.argument === undefined) return true;
  const value = String(args[rule.argument] ?? '');
  if (rule.under !== undefined) {
    const root = normalisePath(rule.under);
    const path = normalisePath(value);
    return path === root || path.startsWith(`${root}/`);
  }
  if (rule.domains !== undefined) {
    const domain = value.split('@').pop()?.trim().toLowerCase() ?? '';
    return !value.includes('@') || !rule.domains.map((d) => d.toLowerCase()).includes(domain);
  }
  return true;
}
