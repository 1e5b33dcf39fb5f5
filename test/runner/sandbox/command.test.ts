import { describe, expect, it } from 'vitest';
import { ALL_PROTECTIONS, buildSandboxCommand, decodeExit, sandboxEnv, type SandboxCapabilities } from '../../../runner/sandbox/command.ts';
import { cpuSeconds, resolveLimits } from '../../../runner/sandbox/limits.ts';
import { encodeFilter, LAUNCHER_SOURCE, seccompFilter } from '../../../runner/sandbox/seccomp.ts';

const full: SandboxCapabilities = {
  namespaces: 'root',
  privateProc: true,
  prlimit: true,
  setpriv: true,
  pdeathsig: true,
  seccomp: 'x64',
  python: '/usr/bin/python3',
  isolatedPython: true,
};
const SECCOMP_NAMES = ['seccomp-filter', 'no-unix-sockets', 'no-user-namespaces'];
const options = { workdir: '/tmp/lb-sandbox-x', script: 'main.py', uid: 212345 };

describe('buildSandboxCommand', () => {
  it('with every capability, nests setpriv pdeathsig > unshare > sh setup > prlimit > setpriv > seccomp launcher > python and misses nothing', () => {
    const command = buildSandboxCommand(full, resolveLimits(), options);
    expect([command.file, ...command.args.slice(0, 8)]).toEqual([
      'setpriv',
      '--pdeathsig=KILL',
      '--',
      'unshare',
      '--net',
      '--mount',
      '--pid',
      '--fork',
      '--kill-child',
    ]);
    const argv = [command.file, ...command.args];
    const order = ['unshare', '/bin/sh', 'prlimit', '--reuid=212345', '/usr/bin/python3', LAUNCHER_SOURCE].map((tool) => argv.indexOf(tool));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!))).toBe(true);
    // The launcher execs the interpreter on the script with the flags that follow the filter.
    expect(argv.slice(-5)).toEqual([encodeFilter(seccompFilter('x64')), '-I', '-S', '-B', 'main.py']);
    expect(command.shellWrapped).toBe(true);
    expect(command.report.missing).toEqual([]);
    expect(command.report.protections).toEqual([...ALL_PROTECTIONS]);
  });

  it('stages in the host dir, runs in /tmp/<name> on a tmpfs of tmp_bytes', () => {
    const command = buildSandboxCommand(full, resolveLimits({ tmp_bytes: 12345678 }), options);
    const sh = command.args.indexOf('/bin/sh');
    expect(command.args.slice(sh + 3, sh + 7)).toEqual(['sh', '/tmp', 'lb-sandbox-x', '12345678']);
    expect(command.args[sh + 2]).toContain('mount -t tmpfs -o size="$3"');
    expect(command.cwd).toBe('/tmp');
    expect(command.home).toBe('/tmp/lb-sandbox-x');
  });

  it('without the parent-death signal, reports parent-death-kill missing and starts with unshare', () => {
    const command = buildSandboxCommand({ ...full, pdeathsig: false }, resolveLimits(), options);
    expect(command.file).toBe('unshare');
    expect(command.args).not.toContain('--pdeathsig=KILL');
    expect(command.report.missing).toEqual(['parent-death-kill']);
  });

  it('without seccomp, runs python itself and reports the three filter protections missing', () => {
    const command = buildSandboxCommand({ ...full, seccomp: null }, resolveLimits(), options);
    expect(command.args).not.toContain(LAUNCHER_SOURCE);
    expect(command.args.slice(-5)).toEqual(['/usr/bin/python3', '-I', '-S', '-B', 'main.py']);
    expect(command.report.missing).toEqual(SECCOMP_NAMES);
    // No launcher to close the setup channel: the shell closes it for the program.
    expect(command.setupChannel).toBe(true);
    expect(command.args[command.args.indexOf('/bin/sh') + 2]).toMatch(/"\$@" 3>&-$/);
    expect(buildSandboxCommand(full, resolveLimits(), options).args.find((a) => a.includes('"$@"'))).toMatch(/"\$@"$/);
  });

  it('opens the setup channel only where a setup stage closes it before the program', () => {
    expect(buildSandboxCommand({ ...full, namespaces: 'none' }, resolveLimits(), options).setupChannel).toBe(true);
    expect(buildSandboxCommand({ ...full, namespaces: 'none', seccomp: null }, resolveLimits(), options).setupChannel).toBe(false);
  });

  it('without namespaces, the uid-dropping setpriv sets the death signal (a uid change clears it) and the tree kill is missing', () => {
    const dropped = buildSandboxCommand({ ...full, namespaces: 'none' }, resolveLimits(), options);
    expect(dropped.file).toBe('prlimit');
    const setpriv = dropped.args.indexOf('setpriv');
    expect(dropped.args.slice(setpriv, dropped.args.indexOf('--', setpriv))).toContain('--pdeathsig=KILL');
    expect(dropped.report.missing).toContain('parent-death-kill');
    expect(dropped.report.missing).toContain('sized-tmp');
    expect(dropped.home).toBe(options.workdir);
    const root = buildSandboxCommand({ ...full, namespaces: 'none', setpriv: false }, resolveLimits(), options);
    expect([root.file, ...root.args.slice(0, 3)]).toEqual(['setpriv', '--pdeathsig=KILL', '--', 'prlimit']);
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
    const command = buildSandboxCommand({ ...full, namespaces: 'none', setpriv: false, pdeathsig: false }, resolveLimits(), options);
    expect(command.file).toBe('prlimit');
    expect(command.report.missing).toEqual([
      'process-limit',
      'network-namespace',
      'pid-namespace',
      'private-tmp',
      'sized-tmp',
      'private-proc',
      'unprivileged-user',
      'parent-death-kill',
    ]);
    expect(command.report.protections).toContain('memory-limit');
  });

  it('with only unshare --net, keeps the network protection and reports the rest', () => {
    const command = buildSandboxCommand({ ...full, namespaces: 'net-only', pdeathsig: false }, resolveLimits(), options);
    expect([command.file, ...command.args.slice(0, 2)]).toEqual(['unshare', '--net', '--']);
    expect(command.report.protections).toContain('network-namespace');
    expect(command.report.missing).toEqual(['pid-namespace', 'private-tmp', 'sized-tmp', 'private-proc', 'parent-death-kill']);
  });

  it('where /proc cannot be mounted, keeps the other namespaces and reports private-proc missing', () => {
    const command = buildSandboxCommand({ ...full, privateProc: false }, resolveLimits(), options);
    expect(command.args.join(' ')).not.toContain('mount -t proc');
    expect(command.report.missing).toEqual(['private-proc']);
    expect(buildSandboxCommand(full, resolveLimits(), options).args.join(' ')).toContain('mount -t proc');
  });

  it('in a user namespace, maps root and counts the process limit as enforced', () => {
    const command = buildSandboxCommand({ ...full, namespaces: 'user', setpriv: false }, resolveLimits(), options);
    expect(command.args.slice(2, 5)).toEqual(['unshare', '--user', '--map-root-user']);
    expect(command.report.protections).toContain('process-limit');
    expect(command.report.missing).toEqual(['unprivileged-user']);
  });

  it('with no tools at all, runs python directly and lists every limit as missing', () => {
    const bare: SandboxCapabilities = {
      namespaces: 'none',
      privateProc: false,
      prlimit: false,
      setpriv: false,
      pdeathsig: false,
      seccomp: null,
      python: 'python3',
      isolatedPython: false,
    };
    const command = buildSandboxCommand(bare, resolveLimits(), options);
    expect([command.file, ...command.args]).toEqual(['python3', 'main.py']);
    expect(command.report.missing).toContain('memory-limit');
    expect(command.report.missing).toContain('isolated-python');
    expect(command.report.missing).toEqual(expect.arrayContaining(SECCOMP_NAMES));
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
