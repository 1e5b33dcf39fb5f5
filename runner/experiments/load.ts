import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath as shown } from '../sweep/display-path.ts';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { CliError } from '../../lib/cli-error.ts';
import { ExperimentManifestSchema, TaskSchema, type Experiment, type ExperimentManifest } from '../../schema/experiment.ts';

/** The built-in suites ship with the tool, so they are found beside it, not in the working directory. */
export const DEFAULT_EXPERIMENTS_DIR = fileURLToPath(new URL('../../experiments/', import.meta.url));

/** Suite folders under `root` that hold a manifest; `_`-prefixed folders (arms, shared bits) are not suites. */
export function listBuiltInSuites(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && existsSync(join(root, entry.name, 'manifest.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Loads `root/<id>/manifest.json` and its tasks file; every problem is one `file[:line]: field: why` line. */
export function loadBuiltInSuite(root: string, id: string): Experiment {
  const manifestPath = join(root, id, 'manifest.json');
  const manifestText = readText(manifestPath);
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch (error) {
    throw new CliError(`${shown(manifestPath)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const manifest = ExperimentManifestSchema.safeParse(raw);
  if (!manifest.success) throw new CliError(`${shown(manifestPath)}: ${firstIssue(manifest.error)}`);
  if (manifest.data.id !== id) {
    throw new CliError(`${shown(manifestPath)}: id: '${manifest.data.id}' does not match its folder '${id}'`);
  }
  const tasksPath = join(root, id, manifest.data.tasks_file);
  return { manifest: manifest.data, tasks: parseTasksJsonl(readText(tasksPath), shown(tasksPath), manifest.data) };
}

/**
 * Parses a tasks file (pure): one TaskSchema object a line, blank lines skipped, ids unique.
 * Each task's evaluator falls back to the manifest's.
 */
export function parseTasksJsonl(text: string, file: string, manifest: ExperimentManifest): Experiment['tasks'] {
  const tasks: Experiment['tasks'] = [];
  const firstLine = new Map<string, number>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new CliError(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const task = TaskSchema.safeParse(raw);
    if (!task.success) throw new CliError(`${where}: ${firstIssue(task.error)}`);
    const seen = firstLine.get(task.data.id);
    if (seen !== undefined) throw new CliError(`${where}: id: '${task.data.id}' already used on line ${seen}`);
    firstLine.set(task.data.id, index + 1);
    tasks.push({ ...task.data, evaluator: task.data.evaluator ?? manifest.evaluator });
  });
  if (tasks.length === 0) throw new CliError(`${file}: no tasks; a suite needs at least one task line`);
  return tasks;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${shown(path)}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}
