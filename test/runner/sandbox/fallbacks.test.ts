import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
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

  it('without seccomp: a host unix socket under the repo is reachable, and the filter protections are reported missing', async (ctx) => {
    const socketPath = path.join(process.cwd(), `.lb-sock-${process.pid}`);
    const unix = createServer((socket) => socket.end('hi'));
    await new Promise<void>((resolve) => unix.listen(socketPath, resolve));
    chmodSync(socketPath, 0o777);
    try {
      const source = `import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect(${JSON.stringify(socketPath)})\nprint("got", s.recv(2))\n`;
      const result = await runPython(source, { capabilities: { ...detected, seccomp: null } });
      expect(result.report.missing).toEqual(expect.arrayContaining(['seccomp-filter', 'no-unix-sockets', 'no-user-namespaces']));
      // Under /tmp the repo is hidden by the private /tmp, so the path is not there to reach.
      if (!existsSync(socketPath) || process.cwd().startsWith('/tmp/')) return ctx.skip();
      expect(result.stdout).toBe("got b'hi'\n");
    } finally {
      await new Promise<void>((resolve) => unix.close(() => resolve()));
      rmSync(socketPath, { force: true });
    }
  });

  it('without the parent-death signal: runs, and reports parent-death-kill missing', async () => {
    const result = await runPython('print("ran")\n', { capabilities: { ...detected, pdeathsig: false } });
    expect(result.stdout).toBe('ran\n');
    expect(result.report.missing).toContain('parent-death-kill');
  });

  it('without namespaces: no sized tmpfs, reported missing, and the temp dir is still removed', async () => {
    const result = await runPython('import os\nprint(os.getcwd())\n', { capabilities: { ...detected, namespaces: 'none' } });
    expect(result.report.missing).toEqual(expect.arrayContaining(['sized-tmp', 'parent-death-kill']));
    const cwd = result.stdout.trim();
    expect(path.basename(cwd)).toMatch(new RegExp(`^lb-sandbox-${process.pid}-`));
    expect(existsSync(cwd)).toBe(false);
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
