import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from './sweep/display-path.ts';
import { CliError } from '../lib/cli-error.ts';
import type { Task } from '../schema/experiment.ts';
import { DEFAULT_EXPERIMENTS_DIR } from './experiments/load.ts';

/** Arm templates live at `experiments/_arms/<arm>.md`. */
export const DEFAULT_ARMS_DIR = join(DEFAULT_EXPERIMENTS_DIR, '_arms');

const PLACEHOLDERS = new Set(['prompt', 'entry_point']);
const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** A prompt variant: how a task's prompt is wrapped before it is sent. */
export interface Arm {
  name: string;
  template: string;
}

export function listArms(dir: string = DEFAULT_ARMS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -'.md'.length))
    .sort();
}

/** Reads and checks an arm template; an unknown arm lists the ones that exist. */
export function loadArm(name: string, dir: string = DEFAULT_ARMS_DIR): Arm {
  const path = join(dir, `${name}.md`);
  if (!/^[a-z0-9_-]+$/.test(name) || !existsSync(path)) {
    throw new CliError(`unknown arm '${name}'; available: ${listArms(dir).join(', ') || '(none)'} (templates in ${displayPath(dir)})`);
  }
  // The file's final newline is a text-file convention, not part of the prompt.
  const template = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  return { name, template: checkTemplate(template, displayPath(path)) };
}

/** A template must carry `{{prompt}}` and no placeholder the runner cannot fill. */
export function checkTemplate(template: string, where: string): string {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  const unknown = names.find((name) => !PLACEHOLDERS.has(name));
  if (unknown) throw new CliError(`${where}: unknown placeholder {{${unknown}}}; templates may use {{prompt}} and {{entry_point}}`);
  if (!names.includes('prompt')) throw new CliError(`${where}: the template has no {{prompt}} placeholder`);
  return template;
}

/**
 * The prompt a run sends (pure): the template with `{{prompt}}` and `{{entry_point}}` filled.
 * The entry point comes from the task's reference or settings (code suites); tasks without one
 * get a neutral phrase so a code-oriented arm still reads as a sentence.
 */
export function applyArm(arm: Arm, task: Pick<Task, 'prompt' | 'reference' | 'settings'>): string {
  const entryPoint = entryPointOf(task) ?? 'the requested function';
  // A replacer function, so `$&` and friends inside a prompt are never read as patterns.
  return arm.template.replace(PLACEHOLDER, (_match, name: string) => (name === 'prompt' ? task.prompt : entryPoint));
}

function entryPointOf(task: Pick<Task, 'reference' | 'settings'>): string | null {
  const fromReference = (task.reference as { entry_point?: unknown } | null | undefined)?.entry_point;
  if (typeof fromReference === 'string' && fromReference !== '') return fromReference;
  const fromSettings = task.settings?.entry_point;
  return typeof fromSettings === 'string' && fromSettings !== '' ? fromSettings : null;
}
