import type { ModelSpec } from '../../core/model-spec.ts';
import type { Backend, BackendOptions } from './backend.ts';

/** The backend a spec names; each module is imported only when a sweep uses it. */
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
