import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real llama.cpp server and tiny model of the project's shared folder; users' clones lack it. */
export const LLAMA_SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/llama-server');
export const HAVE_LLAMA_SERVER = existsSync(path.join(LLAMA_SERVER_DIR, 'llama-server'));

export interface LlamaServer {
  /** `http://127.0.0.1:PORT` (the OpenAI-compatible API is under `/v1`). */
  url: string;
  child: ChildProcess;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts llama-server with stories260K on a free loopback port and waits for `/health`. One slot by
 * default: a single sequence at a time keeps greedy decoding identical run to run. The caller kills
 * `child` when done.
 */
export async function startLlamaServer(options: { context?: number; slots?: number; threads?: number } = {}): Promise<LlamaServer> {
  const port = await freePort();
  const args = ['-m', path.join(LLAMA_SERVER_DIR, 'stories260K.gguf'), '--alias', 'stories260K', '--host', '127.0.0.1', '--port', String(port)];
  args.push('-c', String(options.context ?? 2048), '-np', String(options.slots ?? 1), '-t', String(options.threads ?? 1));
  const child = spawn(path.join(LLAMA_SERVER_DIR, 'llama-server'), args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('llama-server did not become healthy within 10 s');
}
