import { describe, expect, it } from 'vitest';
import { ALL_PROTECTIONS, buildSandboxCommand, decodeExit, sandboxEnv, type SandboxCapabilities } from '../../../runner/sandbox/command.ts';
import { cpuSeconds, resolveLimits } from '../../../runner/sandbox/limits.ts';

const full: SandboxCapabilities = { namespaces: 'root', privateProc: true, prlimit: true, setpriv: true, python: '/usr/bin/python3', isolatedPython: true };
const options = { workdir: '/tmp/lb-sandbox-x', script: 'main.py', uid: 212345 };

describe('buildSandboxCommand', () => {
  it('with every capability, nests unshare > sh setup > prlimit > setpriv > python and misses nothing', () => {
    const command = buildSandboxCommand(full, resolveLimits(), options);
    expect(command.file).toBe('unshare');
    expect(command.args.slice(0, 5)).toEqual(['--net', '--mount', '--pid', '--fork', '--kill-child']);
    const argv = [command.file, ...command.args];
    const order = ['unshare', '/bin/sh', 'prlimit', 'setpriv', '/usr/bin/python3'].map((tool) => argv.indexOf(tool));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
    expect(argv.slice(-5)).toEqual(['/usr/bin/python3', '-I', '-S', '-B', 'main.py']);
    expect(command.shellWrapped).toBe(true);
    expect(command.report.missing).toEqual([]);
    expect(command.report.protections).toEqual([...ALL_PROTECTIONS]);
  });

  it('passes the limits to prlimit in its own units', () => {
    const limits = resolveLimits({ timeout_ms: 2500, memory_bytes: 1 << 29, nproc: 7 });
    const args = buildSandboxCommand(full, limits, options).args;
    expect(args).toContain('--cpu=3');
    expect(args).toContain(`--as=${1 << 29}`);
    expect(args).toContain('--nproc=7');
    expect(args).toContain('--reuid=212345');
    expect(cpuSeconds(resolveLimits({ timeout_ms: 10_000, cpu_s: 4 }))).toBe(4);
  });

  it('without namespaces or setpriv, says which protections are missing instead of running silently', () => {
    const command = buildSandboxCommand({ ...full, namespaces: 'none', setpriv: false }, resolveLimits(), options);
    expect(command.file).toBe('prlimit');
    expect(command.report.missing).toEqual(['process-limit', 'network-namespace', 'pid-namespace', 'private-tmp', 'private-proc', 'unprivileged-user']);
    expect(command.report.protections).toContain('memory-limit');
  });

  it('with only unshare --net, keeps the network protection and reports the rest', () => {
    const command = buildSandboxCommand({ ...full, namespaces: 'net-only' }, resolveLimits(), options);
    expect([command.file, ...command.args.slice(0, 2)]).toEqual(['unshare', '--net', '--']);
    expect(command.report.protections).toContain('network-namespace');
    expect(command.report.missing).toEqual(['pid-namespace', 'private-tmp', 'private-proc']);
  });

  it('where /proc cannot be mounted, keeps the other namespaces and reports private-proc missing', () => {
    const command = buildSandboxCommand({ ...full, privateProc: false }, resolveLimits(), options);
    expect(command.args.join(' ')).not.toContain('mount -t proc');
    expect(command.report.missing).toEqual(['private-proc']);
    expect(buildSandboxCommand(full, resolveLimits(), options).args.join(' ')).toContain('mount -t proc');
  });

  it('in a user namespace, maps root and counts the process limit as enforced', () => {
    const command = buildSandboxCommand({ ...full, namespaces: 'user', setpriv: false }, resolveLimits(), options);
    expect(command.args.slice(0, 2)).toEqual(['--user', '--map-root-user']);
    expect(command.report.protections).toContain('process-limit');
    expect(command.report.missing).toEqual(['unprivileged-user']);
  });

  it('with no tools at all, runs python directly and lists every limit as missing', () => {
    const bare: SandboxCapabilities = { namespaces: 'none', privateProc: false, prlimit: false, setpriv: false, python: 'python3', isolatedPython: false };
    const command = buildSandboxCommand(bare, resolveLimits(), options);
    expect([command.file, ...command.args]).toEqual(['python3', 'main.py']);
    expect(command.report.missing).toContain('memory-limit');
    expect(command.report.missing).toContain('isolated-python');
    expect(command.report.protections.length + command.report.missing.length).toBe(ALL_PROTECTIONS.length);
  });
});

describe('sandboxEnv', () => {
  it('is exactly PATH, HOME and LANG', () => {
    expect(sandboxEnv('/tmp/w')).toEqual({ PATH: '/usr/bin:/bin', HOME: '/tmp/w', LANG: 'C.UTF-8' });
  });
});

describe('decodeExit', () => {
  it("undoes the setup shell's 128+N encoding of a signal", () => {
    expect(decodeExit({ shellWrapped: true }, 137, null)).toEqual({ exit_code: null, signal: 'SIGKILL' });
    expect(decodeExit({ shellWrapped: true }, 139, null)).toEqual({ exit_code: null, signal: 'SIGSEGV' });
    expect(decodeExit({ shellWrapped: true }, 1, null)).toEqual({ exit_code: 1, signal: null });
  });

  it('leaves codes alone when no shell stands between us and the program', () => {
    expect(decodeExit({ shellWrapped: false }, 137, null)).toEqual({ exit_code: 137, signal: null });
    expect(decodeExit({ shellWrapped: true }, null, 'SIGKILL')).toEqual({ exit_code: null, signal: 'SIGKILL' });
  });
});
