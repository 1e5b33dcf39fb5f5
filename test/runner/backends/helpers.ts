import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerateRequest, RequestParams } from '../../../runner/backends/backend.ts';
import type { BackendOptions } from '../../../runner/backends/backend.ts';

/** A loopback port with nothing listening on it (bound, then released). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function backendOptions(over: Partial<BackendOptions> = {}): BackendOptions {
  return { apiKeyEnv: 'LB_TEST_API_KEY', ollamaHost: 'http://127.0.0.1:11434', requestTimeoutMs: 5_000, seed: 1, ...over };
}

export function generateRequest(prompt: string, params: Partial<RequestParams> = {}, system?: string): GenerateRequest {
  return {
    prompt,
    ...(system ? { system } : {}),
    params: { temperature: 0, seed: 7, max_tokens: 256, ...params },
    task: { id: 't1', family: 'arith', prompt, reference: 42, evaluator: 'numeric@1' },
    experiment: 'unit',
    arm: 'plain',
    repeat: 0,
    sample: 0,
    power: { applied_w: null, request: null },
  };
}

/** Answers "What is A + B?" correctly, so tests can tell a real answer from a canned one. */
export function arithmetic(prompt: string): string {
  const match = /(-?\d+)\s*\+\s*(-?\d+)/.exec(prompt);
  return match ? `The sum is ${Number(match[1]) + Number(match[2])}.` : 'I do not know.';
}
