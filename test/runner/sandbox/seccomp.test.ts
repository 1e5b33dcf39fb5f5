import { describe, expect, it } from 'vitest';
import { AF_UNIX, type BpfInstruction, encodeFilter, RET, seccompArch, seccompFilter } from '../../../runner/sandbox/seccomp.ts';

/**
 * The filter run through a small classic-BPF interpreter (the subset the filter uses), so each
 * decision is checked without a kernel; the adversarial tests check the kernel's side.
 */
interface Call {
  arch: number;
  nr: number;
  args?: number[];
}

function run(prog: BpfInstruction[], call: Call): number {
  const word = (offset: number): number => {
    if (offset === 0) return call.nr;
    if (offset === 4) return call.arch;
    const arg = (offset - 16) / 8;
    if (!Number.isInteger(arg) || arg < 0 || arg > 5) throw new Error(`load at ${offset}`);
    return (call.args?.[arg] ?? 0) >>> 0;
  };
  let acc = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const { code, jt, jf, k } = prog[pc]!;
    switch (code) {
      case 0x20:
        acc = word(k);
        break;
      case 0x54:
        acc = (acc & k) >>> 0;
        break;
      case 0x15:
        pc += acc === k >>> 0 ? jt : jf;
        break;
      case 0x35:
        pc += acc >= k >>> 0 ? jt : jf;
        break;
      case 0x45:
        pc += (acc & k) !== 0 ? jt : jf;
        break;
      case 0x06:
        return k >>> 0;
      default:
        throw new Error(`opcode ${code}`);
    }
  }
  throw new Error('fell off the end');
}

const X64 = 0xc000003e;
const ARM64 = 0xc00000b7;
const EPERM = RET.errno(1);
const ENOSYS = RET.errno(38);

describe('seccompFilter', () => {
  const x64 = seccompFilter('x64');
  const arm64 = seccompFilter('arm64');

  it('kills a syscall made through another ABI (i386, or aarch64 numbers on x86_64)', () => {
    expect(run(x64, { arch: 0x40000003, nr: 41, args: [AF_UNIX] })).toBe(RET.kill);
    expect(run(x64, { arch: ARM64, nr: 198 })).toBe(RET.kill);
    expect(run(arm64, { arch: X64, nr: 41 })).toBe(RET.kill);
  });

  it('refuses x32 syscall numbers on x86_64', () => {
    expect(run(x64, { arch: X64, nr: 0x40000000 + 41, args: [AF_UNIX] })).toBe(EPERM);
  });

  it('allows only the socket families a network namespace confines: AF_UNIX and AF_VSOCK are refused', () => {
    expect(run(x64, { arch: X64, nr: 41, args: [AF_UNIX, 1] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 41, args: [40, 1] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 41, args: [17, 3] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 41, args: [0, 1] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 41, args: [2, 1] })).toBe(RET.allow);
    expect(run(x64, { arch: X64, nr: 41, args: [10, 2] })).toBe(RET.allow);
    expect(run(x64, { arch: X64, nr: 41, args: [16, 3] })).toBe(RET.allow);
    expect(run(arm64, { arch: ARM64, nr: 198, args: [40, 1] })).toBe(EPERM);
    expect(run(arm64, { arch: ARM64, nr: 198, args: [AF_UNIX, 1] })).toBe(EPERM);
    expect(run(arm64, { arch: ARM64, nr: 198, args: [2, 1] })).toBe(RET.allow);
  });

  it('allows stream and seqpacket socket pairs (flags included) but not datagram ones, which could sendto a path', () => {
    const SOCK_CLOEXEC = 0x80000;
    expect(run(x64, { arch: X64, nr: 53, args: [AF_UNIX, 1 | SOCK_CLOEXEC] })).toBe(RET.allow);
    expect(run(x64, { arch: X64, nr: 53, args: [AF_UNIX, 5] })).toBe(RET.allow);
    expect(run(x64, { arch: X64, nr: 53, args: [AF_UNIX, 2] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 53, args: [AF_UNIX, 3] })).toBe(EPERM);
    expect(run(arm64, { arch: ARM64, nr: 199, args: [AF_UNIX, 2 | SOCK_CLOEXEC] })).toBe(EPERM);
  });

  it('denies new namespaces: unshare, setns, clone with CLONE_NEW*; clone3 gets ENOSYS so libc falls back', () => {
    expect(run(x64, { arch: X64, nr: 272, args: [0x10000000] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 272, args: [0] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 308 })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 56, args: [0x10000000 | 17] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 56, args: [0x40000000 | 17] })).toBe(EPERM);
    expect(run(x64, { arch: X64, nr: 435 })).toBe(ENOSYS);
    expect(run(arm64, { arch: ARM64, nr: 97, args: [0x10000000] })).toBe(EPERM);
    expect(run(arm64, { arch: ARM64, nr: 220, args: [0x10000000] })).toBe(EPERM);
    expect(run(arm64, { arch: ARM64, nr: 435 })).toBe(ENOSYS);
  });

  it('allows fork and thread creation through clone', () => {
    // glibc fork: CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD; pthread_create's flag set.
    expect(run(x64, { arch: X64, nr: 56, args: [0x01200011] })).toBe(RET.allow);
    expect(run(x64, { arch: X64, nr: 56, args: [0x003d0f00] })).toBe(RET.allow);
    expect(run(arm64, { arch: ARM64, nr: 220, args: [0x01200011] })).toBe(RET.allow);
  });

  it('denies io_uring, ptrace, keyrings, bpf, userfaultfd and perf_event_open', () => {
    for (const nr of [425, 426, 427, 101, 310, 311, 248, 249, 250, 321, 323, 298]) expect(run(x64, { arch: X64, nr })).toBe(EPERM);
    for (const nr of [425, 117, 270, 219, 280, 282, 241]) expect(run(arm64, { arch: ARM64, nr })).toBe(EPERM);
  });

  it('allows everyday syscalls', () => {
    // read, write, openat, mmap, execve, wait4, exit_group on x86_64; openat, execve on aarch64.
    for (const nr of [0, 1, 257, 9, 59, 61, 231]) expect(run(x64, { arch: X64, nr })).toBe(RET.allow);
    for (const nr of [56, 221]) expect(run(arm64, { arch: ARM64, nr })).toBe(RET.allow);
  });

  it('encodes struct sock_filter little-endian, 8 bytes an instruction', () => {
    const hex = encodeFilter([{ code: 0x15, jt: 1, jf: 2, k: 0xc000003e }]);
    expect(hex).toBe('150001023e0000c0');
    expect(encodeFilter(x64).length).toBe(x64.length * 16);
    // A classic BPF program holds at most 4096 instructions; jumps are 8-bit.
    expect(x64.length).toBeLessThan(4096);
  });

  it('knows x86_64 and aarch64 only', () => {
    expect(seccompArch('x64')).toBe('x64');
    expect(seccompArch('arm64')).toBe('arm64');
    expect(seccompArch('ia32')).toBeNull();
    expect(seccompArch('riscv64')).toBeNull();
  });
});
