/**
 * The seccomp filter every sandboxed program runs under, and the tiny trusted launcher that installs
 * it. The filter is classic BPF over `struct seccomp_data` (nr @0, arch @4, args[i] @16+8i, low word
 * first on these little-endian machines); once installed it survives exec and cannot be removed.
 * What it denies, and why:
 * - `socket()` of any family but AF_INET, AF_INET6 and AF_NETLINK, which the network namespace
 *   confines. AF_UNIX: a filesystem unix socket on the host (a daemon under /work, /root, /run) would
 *   otherwise be reachable by path; connect needs only write permission on the socket file, which a
 *   read-only or private mount does not take away. AF_VSOCK (on a VM, the hypervisor's services) and
 *   others are not confined by a network namespace at all. `socketpair(AF_UNIX)` stays allowed for
 *   stream and seqpacket pairs (asyncio's self-pipe), but not datagram pairs, which could `sendto` a path.
 * - user namespaces: `unshare` entirely, `clone` with any CLONE_NEW* flag, `setns` (EPERM); `clone3`
 *   gets ENOSYS, because its flags sit in memory the filter cannot read and libc falls back to `clone`.
 * - kernel surfaces a test program never needs and that bypass or widen the filter: io_uring (its ops
 *   connect and open without syscalls), ptrace and process_vm_*, keyrings, bpf, userfaultfd,
 *   perf_event_open.
 * A syscall from another ABI (i386 via int 0x80, x32) is refused outright: its numbers differ.
 */

const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7 } as const;
export type SeccompArch = keyof typeof AUDIT_ARCH;

// Syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h).
const NR: Record<SeccompArch, Record<string, number>> = {
  x64: {
    socket: 41,
    socketpair: 53,
    clone: 56,
    unshare: 272,
    setns: 308,
    clone3: 435,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    ptrace: 101,
    process_vm_readv: 310,
    process_vm_writev: 311,
    add_key: 248,
    request_key: 249,
    keyctl: 250,
    bpf: 321,
    userfaultfd: 323,
    perf_event_open: 298,
  },
  arm64: {
    socket: 198,
    socketpair: 199,
    clone: 220,
    unshare: 97,
    setns: 268,
    clone3: 435,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    ptrace: 117,
    process_vm_readv: 270,
    process_vm_writev: 271,
    add_key: 217,
    request_key: 218,
    keyctl: 219,
    bpf: 280,
    userfaultfd: 282,
    perf_event_open: 241,
  },
};

const DENIED_OUTRIGHT = [
  'unshare',
  'setns',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'add_key',
  'request_key',
  'keyctl',
  'bpf',
  'userfaultfd',
  'perf_event_open',
] as const;

export const AF_UNIX = 1;
/** The socket families a program may create: AF_INET, AF_INET6, AF_NETLINK (all per network namespace). */
const ALLOWED_FAMILIES = [2, 10, 16] as const;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
const CLONE_NEW_MASK = 0x7e020000;
const X32_SYSCALL_BIT = 0x40000000;
const SOCK_TYPE_MASK = 0xf;
const SOCK_STREAM = 1;
const SOCK_SEQPACKET = 5;
const EPERM = 1;
const ENOSYS = 38;

export const RET = { kill: 0x80000000, allow: 0x7fff0000, errno: (e: number) => 0x00050000 | e } as const;

/** One classic BPF instruction (struct sock_filter). */
export interface BpfInstruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const LD_ABS = 0x20;
const JEQ = 0x15;
const JGE = 0x35;
const JSET = 0x45;
const AND = 0x54;
const RETK = 0x06;
const op = (code: number, k: number, jt = 0, jf = 0): BpfInstruction => ({ code, jt, jf, k });
const loadArg = (i: number) => op(LD_ABS, 16 + 8 * i);
const loadNr = () => op(LD_ABS, 0);

/** The filter for one architecture; pure, so tests run it through a BPF interpreter. */
export function seccompFilter(arch: SeccompArch): BpfInstruction[] {
  const nr = NR[arch];
  const prog: BpfInstruction[] = [op(LD_ABS, 4), op(JEQ, AUDIT_ARCH[arch], 1, 0), op(RETK, RET.kill), loadNr()];
  if (arch === 'x64') prog.push(op(JGE, X32_SYSCALL_BIT, 0, 1), op(RETK, RET.errno(EPERM)));
  // Each block starts with the accumulator holding nr; a block that matched returns, one that did not
  // jumps past itself with nr still loaded.
  for (const name of DENIED_OUTRIGHT) prog.push(op(JEQ, nr[name]!, 0, 1), op(RETK, RET.errno(EPERM)));
  prog.push(op(JEQ, nr.clone3!, 0, 1), op(RETK, RET.errno(ENOSYS)));
  prog.push(op(JEQ, nr.clone!, 0, 4), loadArg(0), op(JSET, CLONE_NEW_MASK, 0, 1), op(RETK, RET.errno(EPERM)), op(RETK, RET.allow));
  const families = ALLOWED_FAMILIES.length;
  prog.push(op(JEQ, nr.socket!, 0, families + 3), loadArg(0));
  // Family i matches: jump over the remaining family checks and the deny, onto the allow.
  for (const [i, family] of ALLOWED_FAMILIES.entries()) prog.push(op(JEQ, family, families - i, 0));
  prog.push(op(RETK, RET.errno(EPERM)), op(RETK, RET.allow));
  prog.push(
    op(JEQ, nr.socketpair!, 0, 8),
    loadArg(0),
    op(JEQ, AF_UNIX, 0, 5),
    loadArg(1),
    op(AND, SOCK_TYPE_MASK),
    op(JEQ, SOCK_STREAM, 2, 0),
    op(JEQ, SOCK_SEQPACKET, 1, 0),
    op(RETK, RET.errno(EPERM)),
    op(RETK, RET.allow),
  );
  prog.push(op(RETK, RET.allow));
  return prog;
}

/** The filter as struct sock_filter[] bytes (u16 code, u8 jt, u8 jf, u32 k, little-endian), in hex. */
export function encodeFilter(prog: BpfInstruction[]): string {
  const bytes = Buffer.alloc(prog.length * 8);
  prog.forEach((ins, i) => {
    bytes.writeUInt16LE(ins.code, i * 8);
    bytes.writeUInt8(ins.jt, i * 8 + 2);
    bytes.writeUInt8(ins.jf, i * 8 + 3);
    bytes.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return bytes.toString('hex');
}

/** The architecture the filter is built for, or null where this file has no syscall table for it. */
export function seccompArch(arch: string = process.arch): SeccompArch | null {
  return arch === 'x64' || arch === 'arm64' ? arch : null;
}

// Written to fd 3 (command.ts SETUP_FAILED, SETUP_FD; not imported: command.ts imports this file).
const SECCOMP_FAILED = 'ledgerbench-sandbox-setup-failed seccomp';

/**
 * Run as `python -I -S -B -c LAUNCHER <filter hex> <python args...>`: sets no_new_privs (needed
 * without root), installs the filter, closes the setup channel (fd 3), then execs the interpreter on
 * the real program, so nothing of the launcher stays in the program's process. A failure is reported
 * on fd 3 (and stderr) with exit 97. Uses only ctypes, which ships with CPython.
 */
export const LAUNCHER_SOURCE = [
  'import ctypes, os, sys',
  'code = bytes.fromhex(sys.argv[1])',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]',
  'class Prog(ctypes.Structure):',
  '    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]',
  'buf = ctypes.create_string_buffer(code, len(code))',
  'prog = Prog(len(code) // 8, ctypes.addressof(buf))',
  // PR_SET_NO_NEW_PRIVS = 38, PR_SET_SECCOMP = 22, SECCOMP_MODE_FILTER = 2.
  'if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.prctl(22, 2, ctypes.addressof(prog), 0, 0) != 0:',
  `    message = "${SECCOMP_FAILED}: errno %d\\n" % ctypes.get_errno()`,
  '    sys.stderr.write(message)',
  '    try:',
  '        os.write(3, message.encode())',
  '    except OSError:',
  '        pass',
  '    os._exit(97)',
  'try:',
  '    os.close(3)',
  'except OSError:',
  '    pass',
  'os.execv(sys.executable, [sys.executable] + sys.argv[2:])',
].join('\n');

/**
 * The argv prefix that runs `python` under the filter (the launcher itself started with `flags`):
 * append the arguments the interpreter is to be exec'd with.
 */
export function launcherArgs(python: string, arch: SeccompArch, flags: string[]): string[] {
  return [python, ...flags, '-c', LAUNCHER_SOURCE, encodeFilter(seccompFilter(arch))];
}
