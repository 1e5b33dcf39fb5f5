import { CliError } from '../../lib/cli-error.ts';
import type { Backend, ModelSpec } from './backend.ts';
import type { BackendOptions } from './index.ts';

export async function createOpenAiBackend(spec: ModelSpec, _options: BackendOptions): Promise<Backend> {
  throw new CliError(`backend for '${spec.spec}' is being built in this change`);
}
