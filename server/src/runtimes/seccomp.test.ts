import { describe, expect, it } from 'vitest';
import { ENOSYS, EPERM, SECCOMP_RET, seccompProgram } from './seccomp.ts';

/**
 * The generated filter, run by a small classic-BPF interpreter over a `struct seccomp_data` (the kernel's
 * own semantics for the opcodes the generator uses). The syscall numbers below are written out again, from
 * the kernel's tables, so a wrong number in seccomp.ts fails here. The real proof is the sandboxed attacks
 * in native-hostile.test.ts and sandbox.test.ts.
 */
const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7, i386: 0x40000003, arm: 0x40000028 };
const X64 = { read: 0, clone: 56, personality: 135, ptrace: 101, keyctl: 250, bpf: 321, perf_event_open: 298, mount: 165 };
const ARM64 = { read: 63, clone: 220, unshare: 97, ptrace: 117, keyctl: 219, bpf: 280, mount: 40 };
const CLONE_NEWUSER = 0x10000000;
const THREAD_FLAGS = 0x003d0f00; // What glibc's pthread_create passes to clone.
const SIGCHLD = 17;

/** Runs `program` on one syscall; the filter's verdict. */
function verdict(program: Buffer, arch: number, nr: number, args: number[] = []): number {
  const data = Buffer.alloc(64);
  data.writeInt32LE(nr, 0);
  data.writeUInt32LE(arch, 4);
  args.forEach((arg, i) => {
    data.writeUInt32LE(arg >>> 0, 16 + 8 * i);
  });
  let acc = 0;
  for (let pc = 0; pc < program.length / 8; pc++) {
    const code = program.readUInt16LE(pc * 8);
    const [jt, jf, k] = [program.readUInt8(pc * 8 + 2), program.readUInt8(pc * 8 + 3), program.readUInt32LE(pc * 8 + 4)];
    if (code === 0x20) acc = data.readUInt32LE(k);
    else if (code === 0x06) return k;
    else if (code === 0x15) pc += acc === k ? jt : jf;
    else if (code === 0x35) pc += acc >= k ? jt : jf;
    else if (code === 0x45) pc += (acc & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected opcode ${code.toString(16)} at ${pc}`);
  }
  throw new Error('the program fell off its end');
}

const ERRNO = (errno: number) => (SECCOMP_RET.ERRNO | errno) >>> 0;

describe('seccompProgram', () => {
  const x64 = seccompProgram('x64');
  const arm64 = seccompProgram('arm64');

  it('is a whole number of sock_filter entries, short enough for the kernel, and checks the architecture first', () => {
    for (const program of [x64, arm64]) {
      expect(program.length % 8).toBe(0);
      expect(program.length / 8).toBeLessThan(4096); // BPF_MAXINSNS
      expect(program.readUInt16LE(0)).toBe(0x20); // ld [4]: seccomp_data.arch
      expect(program.readUInt32LE(4)).toBe(4);
    }
    expect(x64.readUInt32LE(12)).toBe(AUDIT_ARCH.x64);
    expect(arm64.readUInt32LE(12)).toBe(AUDIT_ARCH.arm64);
  });

  it('kills foreign architectures and the x32 ABI', () => {
    expect(verdict(x64, AUDIT_ARCH.i386, 0)).toBe(SECCOMP_RET.KILL_PROCESS);
    expect(verdict(x64, AUDIT_ARCH.arm64, X64.read)).toBe(SECCOMP_RET.KILL_PROCESS);
    expect(verdict(arm64, AUDIT_ARCH.arm, 0)).toBe(SECCOMP_RET.KILL_PROCESS);
    expect(verdict(x64, AUDIT_ARCH.x64, 0x40000000 | X64.read)).toBe(SECCOMP_RET.KILL_PROCESS);
  });

  it('denies ptrace, keyrings, eBPF, perf and mount with EPERM and allows ordinary syscalls', () => {
    for (const nr of [X64.ptrace, X64.keyctl, X64.bpf, X64.perf_event_open, X64.mount])
      expect(verdict(x64, AUDIT_ARCH.x64, nr), `x64 syscall ${nr}`).toBe(ERRNO(EPERM));
    for (const nr of [ARM64.ptrace, ARM64.keyctl, ARM64.bpf, ARM64.mount])
      expect(verdict(arm64, AUDIT_ARCH.arm64, nr), `arm64 syscall ${nr}`).toBe(ERRNO(EPERM));
    expect(verdict(x64, AUDIT_ARCH.x64, X64.read)).toBe(SECCOMP_RET.ALLOW);
    expect(verdict(arm64, AUDIT_ARCH.arm64, ARM64.read)).toBe(SECCOMP_RET.ALLOW);
  });

  it('answers clone3 and io_uring with ENOSYS, so libc and libuv fall back', () => {
    for (const nr of [435, 425, 426, 427]) {
      expect(verdict(x64, AUDIT_ARCH.x64, nr)).toBe(ERRNO(ENOSYS));
      expect(verdict(arm64, AUDIT_ARCH.arm64, nr)).toBe(ERRNO(ENOSYS));
    }
  });

  it('refuses namespace flags on clone and unshare, and allows threads, fork and unshare(CLONE_FILES)', () => {
    expect(verdict(x64, AUDIT_ARCH.x64, X64.clone, [CLONE_NEWUSER | SIGCHLD])).toBe(ERRNO(EPERM));
    expect(verdict(x64, AUDIT_ARCH.x64, X64.clone, [0x40000000 | SIGCHLD])).toBe(ERRNO(EPERM)); // CLONE_NEWNET
    expect(verdict(x64, AUDIT_ARCH.x64, X64.clone, [THREAD_FLAGS])).toBe(SECCOMP_RET.ALLOW);
    expect(verdict(x64, AUDIT_ARCH.x64, X64.clone, [SIGCHLD])).toBe(SECCOMP_RET.ALLOW);
    expect(verdict(arm64, AUDIT_ARCH.arm64, ARM64.clone, [CLONE_NEWUSER])).toBe(ERRNO(EPERM));
    expect(verdict(arm64, AUDIT_ARCH.arm64, ARM64.unshare, [CLONE_NEWUSER])).toBe(ERRNO(EPERM));
    expect(verdict(arm64, AUDIT_ARCH.arm64, ARM64.unshare, [0x80])).toBe(ERRNO(EPERM)); // CLONE_NEWTIME
    expect(verdict(arm64, AUDIT_ARCH.arm64, ARM64.unshare, [0x400])).toBe(SECCOMP_RET.ALLOW); // CLONE_FILES
  });

  it('lets personality query or keep the default persona, not disable ASLR', () => {
    expect(verdict(x64, AUDIT_ARCH.x64, X64.personality, [0])).toBe(SECCOMP_RET.ALLOW);
    expect(verdict(x64, AUDIT_ARCH.x64, X64.personality, [0xffffffff])).toBe(SECCOMP_RET.ALLOW);
    expect(verdict(x64, AUDIT_ARCH.x64, X64.personality, [0x0040000])).toBe(ERRNO(EPERM)); // ADDR_NO_RANDOMIZE
  });
});
