import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { SandboxReport } from '../../schema/run-record.ts';
import { cpuSeconds, type SandboxLimits } from './limits.ts';
import { launcherArgs, type SeccompArch } from './seccomp.ts';

/**
 * What this machine lets the sandbox enforce, found once by running each tool (capabilities.ts).
 * `namespaces`: `root` = network + mount + pid namespaces as real root; `user` = the same inside an
 * unprivileged user namespace; `net-only` = only `unshare --net` works; `none` = no unshare at all.
 */
export interface SandboxCapabilities {
  namespaces: 'root' | 'user' | 'net-only' | 'none';
  /** A fresh /proc can be mounted in the pid namespace (containers often forbid it). */
  privateProc: boolean;
  /** `prlimit` can set every limit we ask for. */
  prlimit: boolean;
  /** We run as root and `setpriv` can drop to an unprivileged uid. */
  setpriv: boolean;
  /** `setpriv --pdeathsig` works: the sandbox is SIGKILLed when the thread that spawned it dies. */
  pdeathsig: boolean;
  /** The architecture whose seccomp filter the kernel accepted (seccomp.ts), or null. */
  seccomp: SeccompArch | null;
  /** Absolute path of the interpreter. */
  python: string;
  /** The interpreter accepts `-I -S -B`. */
  isolatedPython: boolean;
}

/** Every protection the sandbox knows; a report lists each as in force or missing. */
export const ALL_PROTECTIONS = [
  'wall-timeout',
  'process-group-kill',
  'minimal-env',
  'stdin-closed',
  'output-cap',
  'temp-cwd',
  'isolated-python',
  'cpu-limit',
  'memory-limit',
  'file-size-limit',
  'open-files-limit',
  'process-limit',
  'network-namespace',
  'pid-namespace',
  'private-tmp',
  'sized-tmp',
  'private-proc',
  'unprivileged-user',
  'parent-death-kill',
  'seccomp-filter',
  'no-unix-sockets',
  'no-user-namespaces',
] as const;

export type Protection = (typeof ALL_PROTECTIONS)[number];

/**
 * Written by the setup (shell or seccomp launcher) to fd 3 when it fails, so the runner can tell
 * setup from the program. fd 3 is closed before the program starts: a program cannot forge it.
 */
export const SETUP_FAILED = 'ledgerbench-sandbox-setup-failed';

/** The fd of the setup's report channel (see SETUP_FAILED). */
export const SETUP_FD = 3;

// World-writable directories besides /tmp; each becomes a directory of the one sized tmpfs.
const MASKED_DIRS: [string, string][] = [
  ['/var/tmp', '.var-tmp'],
  ['/dev/shm', '.dev-shm'],
  ['/run/lock', '.run-lock'],
];
// Empty files cost no tmpfs pages but each costs kernel memory: bound their number too.
const TMP_INODES = 16_384;

// Runs as root inside the new mount namespace, then runs the limited program. Arguments: the host
// dir holding the staging dir, the staging dir's name, the tmpfs size. Entering the host dir first
// keeps it reachable through the cwd after /tmp is covered, so the staged files are moved into the
// sized tmpfs (off the host disk) before the program starts: whatever the program writes,
// and even a runner SIGKILLed mid-run, leaves nothing on the host disk.
function setupScript(privateProc: boolean, launcher: boolean): string {
  const fail = `{ echo ${SETUP_FAILED} >&${SETUP_FD}; exit 97; }`;
  return [
    `cd "$1" || ${fail}`,
    `mount -t tmpfs -o size="$3",nr_inodes=${TMP_INODES},mode=1777,nosuid,nodev tmpfs /tmp || ${fail}`,
    `mkdir -m 1777 ${MASKED_DIRS.map(([, sub]) => `/tmp/${sub}`).join(' ')} || ${fail}`,
    ...MASKED_DIRS.map(([dir, sub]) => `if [ -d ${dir} ]; then mount --bind /tmp/${sub} ${dir} || ${fail}; fi`),
    // Across filesystems mv copies (keeping owner and mode) and then deletes: one process, not two.
    `mv -- "./$2" /tmp/ || ${fail}`,
    `cd "/tmp/$2" || ${fail}`,
    // A /proc of the new pid namespace: the program sees only its own processes, not the host's.
    ...(privateProc ? [`mount -t proc -o nosuid,nodev,noexec proc /proc || ${fail}`] : []),
    'shift 3',
    // Not exec: the program must not be the namespace's init, which ignores signals it has no
    // handler for (its own SIGXCPU, SIGSEGV, abort). sh exits 128+N when it dies of signal N.
    // The seccomp launcher reports its own failure on fd 3 and closes it; without it, close it here.
    launcher ? '"$@"' : `"$@" ${SETUP_FD}>&-`,
  ].join('\n');
}

export interface SandboxCommand {
  file: string;
  args: string[];
  /** The program runs under the setup shell, which reports its death by signal N as exit 128+N. */
  shellWrapped: boolean;
  /** Spawn with a pipe on fd 3: a setup stage reports failure there and closes it before the program runs. */
  setupChannel: boolean;
  /** The cwd to spawn in. */
  cwd: string;
  /** The program's working dir as the program sees it (inside the namespace: on the sized tmpfs). */
  home: string;
  report: SandboxReport;
}

export interface CommandOptions {
  /** The run's staging dir on the host, holding the script and its files. */
  workdir: string;
  /** Script file name inside `workdir`. */
  script: string;
  /** The unprivileged uid (and gid) to run as when `setpriv` is available. */
  uid: number;
}

/**
 * The argv that runs `python script` under every protection the capabilities allow, and the
 * report of what is and is not in force. Pure: the same inputs always give the same command.
 */
export function buildSandboxCommand(caps: SandboxCapabilities, limits: SandboxLimits, options: CommandOptions): SandboxCommand {
  const inForce = new Set<Protection>(['wall-timeout', 'process-group-kill', 'minimal-env', 'stdin-closed', 'output-cap', 'temp-cwd']);
  const flags = caps.isolatedPython ? ['-I', '-S', '-B'] : [];
  if (caps.isolatedPython) inForce.add('isolated-python');
  let chain = [caps.python, ...flags, options.script];
  if (caps.seccomp) {
    chain = [...launcherArgs(caps.python, caps.seccomp, flags), ...flags, options.script];
    for (const p of ['seccomp-filter', 'no-unix-sockets', 'no-user-namespaces'] as const) inForce.add(p);
  }
  const namespaced = caps.namespaces === 'root' || caps.namespaces === 'user';
  // Changing uid clears the parent-death signal, so without namespaces the dropping setpriv sets it.
  const innerDeathSig = caps.pdeathsig && !namespaced ? ['--pdeathsig=KILL'] : [];

  if (caps.setpriv) {
    const id = String(options.uid);
    chain = ['setpriv', `--reuid=${id}`, `--regid=${id}`, '--clear-groups', '--no-new-privs', '--bounding-set=-all', ...innerDeathSig, '--', ...chain];
    inForce.add('unprivileged-user');
  }
  if (caps.prlimit) {
    chain = [
      'prlimit',
      `--cpu=${cpuSeconds(limits)}`,
      `--as=${limits.memory_bytes}`,
      `--fsize=${limits.fsize_bytes}`,
      `--nofile=${limits.nofile}`,
      `--nproc=${limits.nproc}`,
      // No core dumps: a crash must not hand a core file to the host's core handler.
      '--core=0',
      '--',
      ...chain,
    ];
    for (const p of ['cpu-limit', 'memory-limit', 'file-size-limit', 'open-files-limit'] as const) inForce.add(p);
    // The kernel does not apply RLIMIT_NPROC to root, so it only binds after the uid drop (or in a user namespace).
    if (caps.setpriv || caps.namespaces === 'user') inForce.add('process-limit');
  }

  const stageParent = path.dirname(options.workdir);
  const stageName = path.basename(options.workdir);
  switch (caps.namespaces) {
    case 'root':
    case 'user': {
      const userFlags = caps.namespaces === 'user' ? ['--user', '--map-root-user'] : [];
      const script = setupScript(caps.privateProc, caps.seccomp !== null);
      chain = [
        'unshare',
        ...userFlags,
        '--net',
        '--mount',
        '--pid',
        '--fork',
        '--kill-child',
        '--',
        '/bin/sh',
        '-c',
        script,
        'sh',
        stageParent,
        stageName,
        String(limits.tmp_bytes),
        ...chain,
      ];
      for (const p of ['network-namespace', 'pid-namespace', 'private-tmp', 'sized-tmp'] as const) inForce.add(p);
      if (caps.privateProc) inForce.add('private-proc');
      break;
    }
    case 'net-only':
      chain = ['unshare', '--net', '--', ...chain];
      inForce.add('network-namespace');
      break;
    case 'none':
      break;
  }
  // unshare dies with the spawning thread, and --kill-child takes the namespace's init with it:
  // the kernel then kills every process in the pid namespace, setsid() or not.
  if (caps.pdeathsig && (namespaced || !caps.setpriv)) chain = ['setpriv', '--pdeathsig=KILL', '--', ...chain];
  if (caps.pdeathsig && namespaced) inForce.add('parent-death-kill');

  const [file, ...args] = chain as [string, ...string[]];
  return {
    file,
    args,
    shellWrapped: namespaced,
    setupChannel: namespaced || caps.seccomp !== null,
    cwd: namespaced ? stageParent : options.workdir,
    home: namespaced ? `/tmp/${stageName}` : options.workdir,
    report: {
      protections: ALL_PROTECTIONS.filter((p) => inForce.has(p)),
      missing: ALL_PROTECTIONS.filter((p) => !inForce.has(p)),
    },
  };
}

/**
 * How the program ended, undoing the shell's 128+N encoding of a signal. (A program that itself
 * exits with 129..192 reads as a signal; CPython never does that on its own.)
 */
export function decodeExit(
  command: Pick<SandboxCommand, 'shellWrapped'>,
  code: number | null,
  signal: string | null,
): { exit_code: number | null; signal: string | null } {
  if (!command.shellWrapped || code === null || code <= 128 || code > 128 + 64) return { exit_code: code, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0];
  return name ? { exit_code: null, signal: name } : { exit_code: code, signal };
}

/** The whole environment the program sees: nothing inherited, so no secret can leak in. */
export function sandboxEnv(workdir: string): Record<string, string> {
  return { PATH: '/usr/bin:/bin', HOME: workdir, LANG: 'C.UTF-8' };
}
