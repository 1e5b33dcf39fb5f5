import { CliError } from '../lib/cli-error.ts';
import type { ModelInfo } from '../schema/run-record.ts';

/**
 * The model-spec grammar (docs/cli.md#model-specs), the one definition `--models`, the ledger's
 * `model` object, every surface's `model` key and the site share:
 *
 *   spec = "openai:" name      an OpenAI-compatible server at --base-url
 *        | "sim:" name         the built-in simulator
 *        | name                Ollama at OLLAMA_HOST (`qwen3:8b`: Ollama's own tags keep their colon)
 *   name = a letter or digit, then letters, digits and . _ : / @ + -, not ending in ":"
 *
 * The canonical form is the spec itself without surrounding spaces: `parseModelSpec` trims, and
 * `printModelSpec` of what it returns gives the trimmed text back.
 */
export interface ModelSpec {
  /** The canonical spec: the key the sweep plan, `run_id` and every surface use. */
  spec: string;
  backend: ModelInfo['backend'];
  /** The model name the backend is asked for, without the `openai:` / `sim:` prefix. */
  name: string;
}

const PREFIX = /^(openai|sim):/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;
const FORMS = 'use NAME:TAG for Ollama (qwen3:8b), openai:NAME, or sim:NAME';

/** Parses one `--models` entry; anything else is one CliError line naming it and the three forms. */
export function parseModelSpec(raw: string): ModelSpec {
  const text = raw.trim();
  // `foo:`, `sim:`, `openai:` would otherwise pass as Ollama models named with a dangling colon.
  if (text.endsWith(':')) throw new CliError(`bad model spec '${raw}': nothing after the ':'; ${FORMS}`);
  // A prefix always names its backend: `sim:-x` is a bad simulator name, not an Ollama model.
  const prefix = PREFIX.exec(text)?.[1] as 'openai' | 'sim' | undefined;
  const name = prefix === undefined ? text : text.slice(prefix.length + 1);
  if (!NAME.test(name)) throw new CliError(`bad model spec '${raw}': ${FORMS}`);
  return { spec: text, backend: prefix ?? 'ollama', name };
}

/**
 * A model's spec as `--models` spells it, and so as every surface names it: one model is one key
 * from the command line to the site.
 */
export function printModelSpec(model: Pick<ModelInfo, 'name' | 'backend'>): string {
  return model.backend === 'ollama' ? model.name : `${model.backend}:${model.name}`;
}
