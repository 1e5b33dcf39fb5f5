import type { ModelInfo } from './run-record.ts';

/**
 * A model's name as `--models` spells it — the bare name for Ollama (`qwen3:8b`), `openai:NAME`,
 * `sim:NAME` — and so as every surface names it, so that one model is one key from the command
 * line to the site.
 */
export function modelSpecOf(model: Pick<ModelInfo, 'name' | 'backend'>): string {
  return model.backend === 'ollama' ? model.name : `${model.backend}:${model.name}`;
}
