import { CliError } from '../../lib/cli-error.ts';
import type { Backend, ModelSpec } from './backend.ts';

export interface BackendOptions {
  /** `--base-url` for `openai:` models. */
  baseUrl?: string;
  /** Name of the environment variable holding an API key (`--api-key-env`, default OPENAI_API_KEY). */
  apiKeyEnv: string;
  /** Ollama's address: `OLLAMA_HOST`, default http://127.0.0.1:11434. */
  ollamaHost: string;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** The sweep's seed: the simulator derives every draw from it. */
  seed: number;
}

const SPEC = /^(?:(openai|sim):)?([A-Za-z0-9][A-Za-z0-9._:/@+-]*)$/;

/** `qwen3:8b` → Ollama; `openai:NAME` → an OpenAI-compatible server; `sim:NAME` → the simulator. */
export function parseModelSpec(spec: string): ModelSpec {
  const match = SPEC.exec(spec.trim());
  // `foo:`, `sim:`, `openai:` would otherwise pass as Ollama models named with a dangling colon.
  if (spec.trim().endsWith(':')) {
    throw new CliError(`bad model spec '${spec}': nothing after the ':'; use NAME:TAG for Ollama (qwen3:8b), openai:NAME, or sim:NAME`);
  }
  if (!match) {
    throw new CliError(`bad model spec '${spec}': use NAME:TAG for Ollama (qwen3:8b), openai:NAME, or sim:NAME`);
  }
  const [, prefix, name] = match;
  if (prefix === 'openai') return { spec, backend: 'openai', name: name! };
  if (prefix === 'sim') return { spec, backend: 'sim', name: name! };
  return { spec, backend: 'ollama', name: name! };
}

export async function createBackend(spec: ModelSpec, options: BackendOptions): Promise<Backend> {
  switch (spec.backend) {
    case 'sim':
      return (await import('./sim/sim-backend.ts')).createSimBackend(spec, options);
    case 'ollama':
      return (await import('./ollama.ts')).createOllamaBackend(spec, options);
    case 'openai':
      return (await import('./openai.ts')).createOpenAiBackend(spec, options);
  }
}
