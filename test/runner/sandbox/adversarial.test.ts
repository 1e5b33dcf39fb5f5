import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../../../runner/sandbox/capabilities.ts';
import { SETUP_FAILED } from '../../../runner/sandbox/command.ts';
import { runPython, SandboxError, type SandboxResult } from '../../../runner/sandbox/run-python.ts';
import { runTests } from '../../../runner/sandbox/run-tests.ts';

/**
 * Hostile programs, each contained and classified. Where this machine lacks a protection, the test
 * asserts that the report says so instead of pretending (a run is never silently unisolated).
 */
const has = (result: SandboxResult, protection: string): boolean => result.report.protections.includes(protection);

const connects = (socketPath: string): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(socketPath, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('sandbox against hostile programs', () => {
  beforeAll(async () => {
    await detectCapabilities();
  });

  it('kills an infinite loop at the wall-clock limit', async () => {
    const result = await runPython('while True:\n    pass\n', { limits: { timeout_ms: 1500, cpu_s: 30 } });
    expect(result.timed_out).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.duration_ms).toBeLessThan(5000);
  });

  it('stops a busy CPU at the cpu-time limit before the wall limit', async (ctx) => {
    // A wall limit far above the CPU limit: on a loaded machine one CPU-second can take several seconds.
    const result = await runPython('x = 0\nwhile True:\n    x += 1\n', { limits: { timeout_ms: 30_000, cpu_s: 1 } });
    if (!has(result, 'cpu-limit')) {
      expect(result.report.missing).toContain('cpu-limit');
      return ctx.skip();
    }
    expect(result.timed_out).toBe(false);
    expect(['SIGKILL', 'SIGXCPU']).toContain(result.signal);
    const run = await runTests(
      { source: 'def spin():\n    while True:\n        pass\n', tests: [{ name: 't', code: 'spin()' }] },
      { limits: { timeout_ms: 30_000, cpu_s: 1 }, per_test_s: 25 },
    );
    expect(run.tests[0]).toMatchObject({ status: 'timeout', error: 'CpuLimit' });
  }, 120_000);

  it('bounds a fork bomb and leaves no process behind, even ones that left the process group', async (ctx) => {
    const tag = `${1000 + randomBytes(2).readUInt16BE(0)}.${randomBytes(2).readUInt16BE(0)}`;
    const source = [
      'import os, sys',
      'made = 0',
      'for _ in range(500):',
      '    try:',
      '        pid = os.fork()',
      '    except OSError:',
      '        break',
      '    if pid == 0:',
      '        os.setsid()',
      `        os.execv('/bin/sleep', ['sleep', '${tag}'])`,
      '    made += 1',
      'sys.stderr.write(f"forked {made}\\n")',
      'sys.stderr.flush()',
      'while True:',
      '    try:',
      '        os.fork()',
      '    except OSError:',
      '        pass',
    ].join('\n');
    const result = await runPython(source, { limits: { timeout_ms: 2000, nproc: 16 } });
    expect(result.timed_out).toBe(true);
    const stray = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(tag));
    if (!has(result, 'process-limit') || !has(result, 'pid-namespace')) {
      // Without these the bomb is bounded only by the wall limit and setsid children may survive.
      expect(result.report.missing.some((p) => p === 'process-limit' || p === 'pid-namespace')).toBe(true);
      return ctx.skip();
    }
    const forked = Number(/forked (\d+)/.exec(result.stderr)?.[1]);
    expect(forked).toBeLessThan(16);
    expect(stray).toEqual([]);
  });

  it('turns an 8 GB allocation into a memory-limit failure', async () => {
    const result = await runPython('x = bytearray(8 * 1024 ** 3)\nprint(len(x))\n', { limits: { timeout_ms: 5000 } });
    expect(result.memory_exceeded).toBe(true);
    expect(result.stdout).toBe('');
    const run = await runTests({ source: 'def grab():\n    return bytearray(8 * 1024 ** 3)\n', tests: [{ name: 'big', code: 'grab()' }] });
    expect(run.tests[0]!.status).toBe('memory');
  });

  describe('network', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer((socket) => socket.end('hello'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('cannot reach a loopback server the parent can reach, nor a public address', async (ctx) => {
      const source = [
        'import socket',
        `for host, port in [('127.0.0.1', ${port}), ('1.1.1.1', 80)]:`,
        '    try:',
        '        socket.create_connection((host, port), timeout=2).close()',
        '        print(host, "connected")',
        '    except OSError as error:',
        '        print(host, "failed", error.errno)',
      ].join('\n');
      const result = await runPython(source, { limits: { timeout_ms: 8000 } });
      if (!has(result, 'network-namespace')) {
        expect(result.report.missing).toContain('network-namespace');
        return ctx.skip();
      }
      expect(result.stdout).toContain('127.0.0.1 failed');
      expect(result.stdout).toContain('1.1.1.1 failed');
      expect(result.stdout).not.toContain('connected');
    });
  });

  it('keeps writes outside its temp dir off the host, and removes the temp dir', async (ctx) => {
    const name = `lb-escape-${randomBytes(6).toString('hex')}`;
    // The repo may live anywhere (under /tmp too, which the sandbox covers with its own tmpfs);
    // root's home exists on every host and is not masked.
    const hostDirs = [process.cwd(), homedir()];
    const source = [
      'import os',
      'print("cwd", os.getcwd())',
      'open("inside.txt", "w").write("ok")',
      `for path in ${JSON.stringify([...['/tmp', '/var/tmp', '/dev/shm'].map((d) => `${d}/${name}`), ...hostDirs.map((d) => `${d}/${name}`)])}:`,
      '    try:',
      '        open(path, "w").write("x")',
      '        print("wrote", path)',
      '    except OSError as error:',
      '        print("denied", path, type(error).__name__)',
    ].join('\n');
    try {
      const result = await runPython(source);
      const cwd = /cwd (\S+)/.exec(result.stdout)?.[1];
      expect(cwd).toBeDefined();
      expect(existsSync(cwd!)).toBe(false);
      if (!has(result, 'private-tmp') || !has(result, 'unprivileged-user')) {
        expect(result.report.missing.some((p) => p === 'private-tmp' || p === 'unprivileged-user')).toBe(true);
        return ctx.skip();
      }
      // /tmp, /var/tmp and /dev/shm are the private tmpfs: the write succeeds there and vanishes.
      for (const dir of ['/tmp', '/var/tmp', '/dev/shm']) expect(existsSync(`${dir}/${name}`)).toBe(false);
      for (const dir of hostDirs) {
        expect(existsSync(`${dir}/${name}`)).toBe(false);
        // A host dir the sandbox can see refuses the uid; one under a masked dir is not there at all.
        const masked = ['/tmp', '/var/tmp', '/dev/shm', '/run/lock'].some((m) => dir === m || dir.startsWith(`${m}/`));
        expect(result.stdout).toContain(`denied ${dir}/${name} ${masked ? 'FileNotFoundError' : 'PermissionError'}`);
      }
    } finally {
      for (const dir of hostDirs) rmSync(`${dir}/${name}`, { force: true });
    }
  });

  describe('host unix sockets', () => {
    const servers: Server[] = [];
    const paths: string[] = [];
    let accepted = 0;
    beforeAll(async () => {
      const tag = randomBytes(4).toString('hex');
      for (const dir of [process.cwd(), tmpdir()]) {
        const socketPath = path.join(dir, `.lb-sock-${tag}`);
        const server = createServer((socket) => {
          accepted++;
          socket.on('error', () => undefined);
          socket.end('hello');
        });
        await new Promise<void>((resolve) => server.listen(socketPath, resolve));
        chmodSync(socketPath, 0o777);
        servers.push(server);
        paths.push(socketPath);
      }
    });
    afterAll(async () => {
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      for (const socketPath of paths) rmSync(socketPath, { force: true });
    });

    it('cannot be connected to by path, nor reached with a datagram pair, under the repo or the temp dir', async (ctx) => {
      const source = [
        'import socket',
        `for path in ${JSON.stringify(paths)}:`,
        '    try:',
        '        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
        '        s.connect(path)',
        '        print(path, "connected", s.recv(5))',
        '    except OSError as error:',
        '        print(path, "refused", type(error).__name__, error.errno)',
        '    try:',
        '        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)',
        '        a.sendto(b"x", path)',
        '        print(path, "sent")',
        '    except OSError as error:',
        '        print(path, "dgram refused", type(error).__name__, error.errno)',
        // A network namespace does not confine vsock (on a VM: the hypervisor's services).
        'try:',
        '    socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM)',
        '    print("vsock created")',
        'except OSError as error:',
        '    print("vsock refused", error.errno)',
        // Stream pairs stay usable (asyncio's self-pipe needs one).
        'a, b = socket.socketpair()',
        'a.send(b"ok")',
        'print("pair", b.recv(2))',
      ].join('\n');
      const result = await runPython(source);
      if (!has(result, 'no-unix-sockets')) {
        expect(result.report.missing).toContain('no-unix-sockets');
        return ctx.skip();
      }
      // From the host, both sockets accept (so the refusal inside is the sandbox's doing).
      for (const socketPath of paths) expect(await connects(socketPath)).toBe(true);
      const before = accepted;
      expect(result.stdout).not.toContain('connected');
      expect(result.stdout).not.toContain(' sent');
      for (const socketPath of paths) {
        expect(result.stdout).toContain(`${socketPath} refused PermissionError 1`);
        expect(result.stdout).toContain(`${socketPath} dgram refused PermissionError 1`);
      }
      expect(result.stdout).toContain("pair b'ok'");
      expect(result.stdout).toContain('vsock refused 1');
      expect(accepted).toBe(before);
    });
  });

  it('fills its sized tmpfs with ENOSPC while the host copy of its dir is already gone', async (ctx) => {
    const tmpBytes = 8 * 1024 ** 2;
    const source = [
      'import os, time',
      'st = os.statvfs(".")',
      'print("size", st.f_blocks * st.f_frsize)',
      'written = 0',
      'try:',
      '    for i in range(1000):',
      '        target = ["part%d" % i, "/tmp/part%d" % i, "/dev/shm/part%d" % i][i % 3]',
      '        with open(target, "wb") as f:',
      '            for _ in range(4):',
      '                f.write(b"x" * (256 * 1024))',
      '                f.flush()',
      '                written += 256 * 1024',
      'except OSError as error:',
      '    print("stopped", error.errno, written)',
      'time.sleep(2)',
    ].join('\n');
    const started = performance.now();
    const run = runPython(source, { limits: { tmp_bytes: tmpBytes, timeout_ms: 20_000 } });
    const ours = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`lb-sandbox-${process.pid}-`));
    let goneMs = Number.POSITIVE_INFINITY;
    while (performance.now() - started < 15_000) {
      if (ours().length === 0) {
        goneMs = performance.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const result = await run;
    if (!has(result, 'sized-tmp')) {
      expect(result.report.missing).toContain('sized-tmp');
      return ctx.skip();
    }
    expect(Number(/size (\d+)/.exec(result.stdout)?.[1])).toBe(tmpBytes);
    const [, errno, written] = /stopped (\d+) (\d+)/.exec(result.stdout) ?? [];
    expect(Number(errno)).toBe(28);
    // cwd, /tmp and /dev/shm share the one budget (the script and a few pages of metadata use some).
    expect(Number(written)).toBeLessThanOrEqual(tmpBytes);
    expect(Number(written)).toBeGreaterThan(tmpBytes / 2);
    // The staging dir left the host disk before the program ended (it sleeps 2 s after filling).
    expect(goneMs).toBeLessThan(result.duration_ms);
    expect(ours()).toEqual([]);
  });

  it('cannot make a user namespace, nor use io_uring, ptrace or keyrings', async (ctx) => {
    const source = [
      'import ctypes, subprocess',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'def call(name, *args):',
      '    ctypes.set_errno(0)',
      '    r = getattr(libc, name)(*args)',
      '    print(name, r, ctypes.get_errno())',
      'call("unshare", 0x10000000)',
      'call("unshare", 0x10000000 | 0x00020000)',
      'params = ctypes.create_string_buffer(120)',
      'call("syscall", 425, 4, params)',
      'call("ptrace", 0, 0, 0, 0)',
      'call("syscall", 250, 0, 0, 0, 0)',
      'print("unshare -U", subprocess.run(["unshare", "-U", "true"], capture_output=True).returncode)',
      'print("unshare -Ur", subprocess.run(["unshare", "-Ur", "id", "-u"], capture_output=True).returncode)',
      // Ordinary process creation still works: fork, exec, threads.
      'print("echo", subprocess.run(["echo", "hi"], capture_output=True).stdout)',
    ].join('\n');
    const result = await runPython(source);
    if (!has(result, 'no-user-namespaces')) {
      expect(result.report.missing).toContain('no-user-namespaces');
      return ctx.skip();
    }
    for (const call of ['unshare', 'syscall', 'ptrace']) expect(result.stdout).toContain(`${call} -1 1`);
    expect(result.stdout).not.toMatch(/^(unshare|syscall|ptrace) (?!-1 1$)-?\d/m);
    expect(result.stdout).toMatch(/^unshare -U [1-9]/m);
    expect(result.stdout).toMatch(/^unshare -Ur [1-9]/m);
    expect(result.stdout).toContain("echo b'hi\\n'");
  });

  it("cannot pass itself off as a broken sandbox: the setup's fd 3 is closed before it runs", async () => {
    const source = [
      'import os, sys',
      'try:',
      '    os.fstat(3)',
      '    print("fd 3 open")',
      'except OSError:',
      '    print("fd 3 closed")',
      'sys.stdout.flush()',
      `sys.stderr.write("${SETUP_FAILED}\\n")`,
      'sys.stderr.flush()',
      'os._exit(97)',
    ].join('\n');
    const result = await runPython(source);
    expect(result.stdout).toBe('fd 3 closed\n');
    expect(result.exit_code).toBe(97);
    // A real setup failure is still one: the staged files do not fit the tmpfs.
    const tooBig = runPython('pass\n', { files: { 'big.txt': 'x'.repeat(2 * 1024 ** 2) }, limits: { tmp_bytes: 1024 ** 2 } });
    if (has(result, 'sized-tmp')) await expect(tooBig).rejects.toThrow(SandboxError);
    else await tooBig;
  });

  it('sees only its own processes, not the host (and not the test runner) in /proc', async (ctx) => {
    const source =
      'import os\npids = [p for p in os.listdir("/proc") if p.isdigit()]\nprint(len(pids))\nprint(os.path.exists("/proc/%d" % ' + process.pid + '))\n';
    const result = await runPython(source);
    if (!has(result, 'private-proc')) {
      expect(result.report.missing).toContain('private-proc');
      return ctx.skip();
    }
    const [count, seesParent] = result.stdout.trim().split('\n');
    // sh (the namespace's init) and python itself.
    expect(Number(count)).toBeLessThanOrEqual(3);
    expect(seesParent).toBe('False');
  });

  it('never sees the parent environment, secrets included', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-test-should-never-leak';
    try {
      const result = await runPython('import os, json\nprint(json.dumps(dict(os.environ)))\n');
      const env = JSON.parse(result.stdout) as Record<string, string>;
      expect(env.OPENAI_API_KEY).toBeUndefined();
      expect(result.stdout).not.toContain('sk-test');
      // sh adds PWD and OLDPWD while entering the namespace; nothing else arrives.
      expect(Object.keys(env).filter((k) => !['PATH', 'HOME', 'LANG', 'PWD', 'OLDPWD'].includes(k))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('caps 100 MB of output without buffering it in the parent', async () => {
    const before = process.memoryUsage().rss;
    const source = 'import sys\nchunk = "x" * (1 << 20)\nfor _ in range(100):\n    sys.stdout.write(chunk)\n';
    const result = await runPython(source, { limits: { timeout_ms: 10_000 } });
    expect(result.stdout.length).toBe(64 * 1024);
    expect(result.stdout_truncated).toBe(true);
    expect(result.output_flooded).toBe(true);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('kills a program that ignores SIGTERM', async () => {
    const source = 'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.1)\n';
    const result = await runPython(source, { limits: { timeout_ms: 1000 } });
    expect(result.timed_out).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.duration_ms).toBeLessThan(5000);
  });

  it('gives a program waiting on stdin an immediate EOF', async () => {
    const result = await runPython('import sys\nprint(repr(sys.stdin.read()))\ntry:\n    input()\nexcept EOFError:\n    print("eof")\n', {
      limits: { timeout_ms: 20_000 },
    });
    expect(result.timed_out).toBe(false);
    expect(result.stdout).toBe("''\neof\n");
    expect(result.duration_ms).toBeLessThan(5000);
  });

  it('passes a correct solution, with under a second of overhead per program', async () => {
    const run = await runTests({
      source: 'def double(x):\n    return 2 * x\n',
      tests: [
        { name: 'a', code: 'assert double(2) == 4' },
        { name: 'b', code: 'assert double(-1) == -2' },
      ],
    });
    expect(run.tests.map((t) => t.status)).toEqual(['passed', 'passed']);
    const durations: number[] = [];
    for (let i = 0; i < 5; i++) durations.push((await runPython('pass\n')).duration_ms);
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    console.log(`sandbox overhead: mean ${mean.toFixed(0)} ms over ${durations.length} empty programs (${durations.join(', ')})`);
    expect(mean).toBeLessThan(1000);
  });
});
