import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { buildSandboxCommand, sandboxEnv, type SandboxCapabilities } from './command.ts';
import { resolveLimits } from './limits.ts';
import { launcherArgs, seccompArch, type SeccompArch } from './seccomp.ts';
import { createWorkdir, removeWorkdir } from './workdir.ts';

/** The interpreter that runs generated code (common rules: Python 3.11 at this path). */
export const DEFAULT_PYTHON = '/usr/bin/python3';

const cached = new Map<string, Promise<SandboxCapabilities>>();

/**
 * What this machine lets the sandbox enforce. Each tool is tried once for real (a tool that
 * exists but is not permitted, e.g. `unshare` without CAP_SYS_ADMIN, must count as missing),
 * and the answer is cached for the life of the process.
 */
export function detectCapabilities(python = DEFAULT_PYTHON): Promise<SandboxCapabilities> {
  let answer = cached.get(python);
  if (!answer) {
    answer = probe(python);
    cached.set(python, answer);
  }
  return answer;
}

async function probe(python: string): Promise<SandboxCapabilities> {
  const isRoot = process.getuid?.() === 0;
  const [prlimit, setpriv, pdeathsig, isolatedPython] = await Promise.all([
    succeeds('prlimit', ['--cpu=1', '--as=1073741824', '--fsize=1048576', '--nofile=64', '--nproc=64', '--', 'true']),
    isRoot ? succeeds('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--no-new-privs', '--', 'true']) : false,
    succeeds('setpriv', ['--pdeathsig=KILL', '--', 'true']),
    succeeds(python, ['-I', '-S', '-B', '-c', 'pass']),
  ]);
  const seccomp = await seccompWorks(python, isolatedPython);
  const base: SandboxCapabilities = { namespaces: 'none', privateProc: false, prlimit, setpriv, pdeathsig, seccomp, python, isolatedPython };
  // Namespaces are probed with the exact setup script the sandbox uses, not a simpler stand-in;
  // a /proc mount is the part containers most often refuse, so it is tried first with, then without.
  for (const namespaces of ['root', 'user'] as const) {
    if (namespaces === 'root' && !isRoot) continue;
    for (const privateProc of [true, false]) {
      const caps = { ...base, namespaces, privateProc };
      if (await setupWorks({ ...caps, prlimit: false, setpriv: false, pdeathsig: false, seccomp: null })) return caps;
    }
  }
  if (await succeeds('unshare', ['--net', '--', 'true'])) return { ...base, namespaces: 'net-only' };
  return base;
}

// The filter is proven by its effect, not by prctl's return: an AF_UNIX socket must be refused.
const SECCOMP_PROBE = 'import socket\ntry:\n    socket.socket(socket.AF_UNIX)\nexcept PermissionError:\n    raise SystemExit(0)\nraise SystemExit(1)\n';

async function seccompWorks(python: string, isolatedPython: boolean): Promise<SeccompArch | null> {
  const arch = seccompArch();
  if (!arch) return null;
  const flags = isolatedPython ? ['-I', '-S', '-B'] : [];
  const args = [...launcherArgs(python, arch, flags).slice(1), ...flags, '-c', SECCOMP_PROBE];
  return (await succeeds(python, args)) ? arch : null;
}

async function setupWorks(caps: SandboxCapabilities): Promise<boolean> {
  const workdir = await createWorkdir();
  try {
    const command = buildSandboxCommand({ ...caps, isolatedPython: false, python: 'true' }, resolveLimits(), {
      workdir,
      script: 'probe',
      uid: 65534,
    });
    return await succeeds(command.file, command.args, command.cwd);
  } finally {
    await removeWorkdir(workdir);
  }
}

function succeeds(file: string, args: string[], cwd?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, stdio: 'ignore', env: sandboxEnv(cwd ?? tmpdir()) });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
