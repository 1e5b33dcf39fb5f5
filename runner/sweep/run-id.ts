import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex, stableId } from '../../lib/hash.ts';
import type { Task } from '../../schema/experiment.ts';

/** What identifies one planned run; `run_id` is the stable hash of exactly these parts. */
export interface RunKey {
  sweep_id: string;
  model: string;
  experiment: string;
  task: string;
  arm: string;
  repeat: number;
  sample: number;
  power: string | null;
}

export function runId(key: RunKey): string {
  return stableId({
    sweep_id: key.sweep_id,
    model: key.model,
    experiment: key.experiment,
    task: key.task,
    arm: key.arm,
    repeat: key.repeat,
    sample: key.sample,
    power: key.power,
  });
}

/** `sweep-YYYYMMDDTHHMMSSZ-xxxx`: sortable by start time, and unique enough for one machine. */
export function newSweepId(now: Date, randomHex: string = randomBytes(2).toString('hex')): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `sweep-${stamp}-${randomHex}`;
}

export const SWEEP_ID_PATTERN = /^sweep-\d{8}T\d{6}Z-[0-9a-f]{4}$/;

/** sha256 of the task's canonical definition: changes whenever the prompt, reference or evaluator does. */
export function taskHash(task: Pick<Task, 'prompt' | 'reference'> & { evaluator: string }): string {
  return sha256Hex(canonicalJson({ prompt: task.prompt, reference: task.reference, evaluator: task.evaluator }));
}
