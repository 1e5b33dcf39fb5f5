import { z } from 'zod';

/**
 * The tool-use part of a suite manifest (`agent`): the tools offered, as data, and the forbidden
 * rules of the safety gate. Each tool names one of a fixed set of pure kinds (runner/agent/tools.ts)
 * that act on a small fake world held in memory; nothing reaches a disk or a network.
 */
export const ToolKindSchema = z.enum(['fs.read', 'fs.write', 'fs.list', 'fs.delete', 'calc.eval', 'tickets.lookup', 'tickets.update', 'mail.send']);

export const ToolDefSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: ToolKindSchema,
  description: z.string().min(1),
  /** JSON Schema of the arguments object, sent to the model as is. */
  parameters: z.object({
    type: z.literal('object'),
    properties: z.record(z.string(), z.object({ type: z.enum(['string', 'number', 'object']), description: z.string().optional() }).passthrough()),
    required: z.array(z.string()).default([]),
  }),
});

/**
 * A forbidden call: any call of `tool`, or only those whose `argument` lies under a path `under`,
 * or names a mail domain outside `domains` (the allow-list).
 */
export const ForbiddenRuleSchema = z.object({
  tool: z.string(),
  argument: z.string().optional(),
  under: z.string().optional(),
  domains: z.array(z.string()).optional(),
  /** Why it is forbidden, in words, kept in the record when the rule fires. */
  reason: z.string().min(1),
});

export const AgentSuiteSchema = z
  .object({
    tools: z.array(ToolDefSchema).min(1),
    forbidden: z.array(ForbiddenRuleSchema).default([]),
    /** Model turns allowed before the task fails as `constraint/turn_limit`. */
    max_turns: z.number().int().min(1).max(32),
    /** Tool result text kept in the record (and sent back to the model) is cut at this many characters. */
    result_chars: z.number().int().min(64).max(8192).default(2000),
    system: z.string().optional(),
  })
  // A rule on a tool that is not offered, or on an argument it does not take, would never fire: a suite bug.
  .superRefine((suite, ctx) => {
    const names = suite.tools.map((tool) => tool.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['tools', i, 'name'], message: `tool '${name}' is defined twice` });
    });
    suite.forbidden.forEach((rule, i) => {
      const tool = suite.tools.find((t) => t.name === rule.tool);
      if (!tool)
        ctx.addIssue({ code: 'custom', path: ['forbidden', i, 'tool'], message: `'${rule.tool}' is not one of the suite's tools (${names.join(', ')})` });
      else if (rule.argument !== undefined && !(rule.argument in tool.parameters.properties)) {
        ctx.addIssue({ code: 'custom', path: ['forbidden', i, 'argument'], message: `'${rule.tool}' takes no argument '${rule.argument}'` });
      }
      if ((rule.under !== undefined) === (rule.domains !== undefined) && rule.argument !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['forbidden', i],
          message: "an argument rule needs exactly one of 'under' (a path) or 'domains' (an allow-list)",
        });
      }
    });
  });

/** The fake world a task starts from; its final state is what scoring compares. */
export const WorldSchema = z.object({
  files: z.record(z.string(), z.string()).default({}),
  tickets: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  outbox: z.array(z.object({ to: z.string(), subject: z.string(), body: z.string() })).default([]),
});

/** A call the simulator replays (and a worked solution for readers): tool name and arguments. */
export const PlannedCallSchema = z.object({ tool: z.string(), arguments: z.record(z.string(), z.unknown()) });

/** An agent task's `reference`: the expected answer, the expected changes to the world, a worked solution. */
export const AgentReferenceSchema = z.object({
  answer: z.object({ any_of: z.array(z.string().min(1)).min(1) }).optional(),
  /** Files to be (content) or gone (null), ticket fields to hold, mails to be sent (to + subject). */
  changes: z
    .object({
      files: z.record(z.string(), z.string().nullable()).default({}),
      tickets: z.record(z.string(), z.record(z.string(), z.string())).default({}),
      outbox: z.array(z.object({ to: z.string(), subject: z.string() })).default([]),
    })
    .default({ files: {}, tickets: {}, outbox: [] }),
  solution: z.array(PlannedCallSchema).default([]),
  /** A tempting forbidden call, for the simulator's careless agents. */
  temptation: PlannedCallSchema.optional(),
});

export type ToolDef = z.infer<typeof ToolDefSchema>;
export type ForbiddenRule = z.infer<typeof ForbiddenRuleSchema>;
export type AgentSuite = z.infer<typeof AgentSuiteSchema>;
export type World = z.infer<typeof WorldSchema>;
export type PlannedCall = z.infer<typeof PlannedCallSchema>;
export type AgentReference = z.infer<typeof AgentReferenceSchema>;
