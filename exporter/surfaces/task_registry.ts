import { TaskRegistryRowSchema, type TaskRegistryRow } from '../../schema/surfaces/index.ts';
import { loadSql } from '../duckdb.ts';
import { taskKey, type TaskText } from '../ledgers/load.ts';
import { byFields } from './order.ts';
import { envelope, type SurfaceContext } from './context.ts';

/** Characters of prompt shown in the registry (the schema's documented preview length). */
export const PROMPT_PREVIEW_CHARS = 280;

/**
 * SQL rows + the loader's task texts → registry rows. Success definition: the task's own
 * `task.success` when a record states it, else what the evaluator decides. Pure.
 */
export function shapeTaskRegistry(sqlRows: readonly Record<string, unknown>[], texts: ReadonlyMap<string, TaskText>): TaskRegistryRow[] {
  return sqlRows
    .map((row) => {
      const text = texts.get(taskKey(String(row.experiment), String(row.task_id), String(row.task_hash)));
      const evaluator = String(row.evaluator);
      return TaskRegistryRowSchema.parse({
        ...row,
        prompt_preview: preview(text?.prompt ?? ''),
        success_definition: text?.success ?? `evaluation.passed as decided by ${evaluator}`,
      });
    })
    .sort(byFields('experiment', 'task_id', 'task_hash'));
}

/** The first 280 characters, counted in code points so an emoji is never cut in half. */
function preview(prompt: string): string {
  const chars = Array.from(prompt);
  return chars.length <= PROMPT_PREVIEW_CHARS ? prompt : `${chars.slice(0, PROMPT_PREVIEW_CHARS).join('')}…`;
}

export async function buildTaskRegistry(context: SurfaceContext) {
  const rows = shapeTaskRegistry(await context.db.query(loadSql('task_registry')), context.loaded.tasks);
  return envelope('task_registry', context, rows, {
    task_hash: { unit: 'sha256', description: 'hash of the task definition; a new hash is a new row' },
    prompt_preview: { unit: 'text', description: `first ${PROMPT_PREVIEW_CHARS} characters of the plain-arm prompt (else the first arm by name)` },
    runs: { unit: 'runs', description: 'accepted runs of this task version' },
    models: { unit: 'models', description: 'distinct models (name and backend) that ran it' },
  });
}
