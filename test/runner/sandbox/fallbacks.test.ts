import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../../../runner/sandbox/capabilities.ts';
import type { SandboxCapabilities } from '../../../runner/sandbox/command.ts';
import { runPython } from '../../../runner/sandbox/run-python.ts';

/**
 * With fewer capabilities than this machine has, the sandbox still runs the program and the report
 * names exactly what is missing — and what it names as missing really is not enforced.
 */
describe('sandbox fallbacks', () => {
  let detected: SandboxCapabilities;
  let server: Server;
  let port = 0;
  const probe = () =>
    [
      'import os, socket',
      'try:',
      `    socket.create_connection(("127.0.0.1", ${port}), timeout=2).close()`,
      '    print("net open")',
      'except OSError:',
      '    print("net closed")',
      'print("uid", os.getuid())',
    ].join('\n');

  beforeAll(async () => {
    detected = await detectCapabilities();
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('without namespaces or a uid drop: runs, reaches the network, and says so', async () => {
    const result = await runPython(probe(), { capabilities: { ...detected, namespaces: 'none', setpriv: false } });
    expect(result.report.missing).toEqual(expect.arrayContaining(['network-namespace', 'pid-namespace', 'private-tmp', 'unprivileged-user']));
    expect(result.stdout).toContain('net open');
    expect(result.stdout).toContain(`uid ${process.getuid?.()}`);
  });

  it('with the network namespace only: the network is closed, the rest reported missing', async (ctx) => {
    if (detected.namespaces === 'none') return ctx.skip();
    const result = await runPython(probe(), { capabilities: { ...detected, namespaces: 'net-only' } });
    expect(result.report.protections).toContain('network-namespace');
    expect(result.report.missing).toEqual(expect.arrayContaining(['pid-namespace', 'private-tmp']));
    expect(result.stdout).toContain('net closed');
  });

  it('without prlimit: no memory limit, reported missing', async () => {
    const result = await runPython('x = bytearray(256 * 1024 ** 2)\nprint(len(x) > 0)\n', {
      capabilities: { ...detected, prlimit: false },
      limits: { memory_bytes: 64 * 1024 ** 2 },
    });
    expect(result.report.missing).toEqual(expect.arrayContaining(['memory-limit', 'cpu-limit', 'process-limit']));
    expect(result.stdout).toBe('True\n');
  });
});
