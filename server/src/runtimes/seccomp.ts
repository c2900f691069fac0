/**
 * The seccomp filter bubblewrap installs right before it execs the sandboxed command (`--seccomp FD`): a
 * classic BPF program over `struct seccomp_data`, built here so no native addon or libseccomp is needed.
 *
 * Contract: a foreign architecture (32-bit compat: i386, arm) or the x32 ABI kills the process; the
 * syscalls in DENIED fail with EPERM (ENOSYS for clone3 and io_uring, so libc and libuv fall back to clone
 * and the thread pool); clone and unshare fail with EPERM when their flags ask for a namespace; personality
 * accepts only the default personas; everything else is allowed. Code in the sandbox already runs without
 * capabilities in its own namespaces: the filter narrows the kernel surface it can reach (ptrace of the
 * sandbox's pid 1, nested user namespaces, keyrings, eBPF, perf, mounts, modules, io_uring and the like).
 */

/** Syscall numbers of the supported architectures (x86_64's own table; arm64 uses the generic one). */
const SYSCALLS = {
  x64: {
    ptrace: 101,
    process_vm_readv: 310,
    process_vm_writev: 311,
    kcmp: 312,
    pidfd_getfd: 438,
    process_madvise: 440,
    keyctl: 250,
    add_key: 248,
    request_key: 249,
    bpf: 321,
    perf_event_open: 298,
    userfaultfd: 323,
    mount: 165,
    umount2: 166,
    pivot_root: 155,
    chroot: 161,
    move_mount: 429,
    open_tree: 428,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
    setns: 308,
    kexec_load: 246,
    kexec_file_load: 320,
    init_module: 175,
    finit_module: 313,
    delete_module: 176,
    acct: 163,
    swapon: 167,
    swapoff: 168,
    reboot: 169,
    syslog: 103,
    vhangup: 153,
    quotactl: 179,
    quotactl_fd: 443,
    open_by_handle_at: 304,
    name_to_handle_at: 303,
    fanotify_init: 300,
    lookup_dcookie: 212,
    settimeofday: 164,
    clock_settime: 227,
    clock_adjtime: 305,
    adjtimex: 159,
    iopl: 172,
    ioperm: 173,
    clone: 56,
    unshare: 272,
    personality: 135,
    clone3: 435,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
  },
  arm64: {
    ptrace: 117,
    process_vm_readv: 270,
    process_vm_writev: 271,
    kcmp: 272,
    pidfd_getfd: 438,
    process_madvise: 440,
    keyctl: 219,
    add_key: 217,
    request_key: 218,
    bpf: 280,
    perf_event_open: 241,
    userfaultfd: 282,
    mount: 40,
    umount2: 39,
    pivot_root: 41,
    chroot: 51,
    move_mount: 429,
    open_tree: 428,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
    setns: 268,
    kexec_load: 104,
    kexec_file_load: 294,
    init_module: 105,
    finit_module: 273,
    delete_module: 106,
    acct: 89,
    swapon: 224,
    swapoff: 225,
    reboot: 142,
    syslog: 116,
    vhangup: 58,
    quotactl: 60,
    quotactl_fd: 443,
    open_by_handle_at: 265,
    name_to_handle_at: 264,
    fanotify_init: 262,
    lookup_dcookie: 18,
    settimeofday: 170,
    clock_settime: 112,
    clock_adjtime: 266,
    adjtimex: 171,
    clone: 220,
    unshare: 97,
    personality: 92,
    clone3: 435,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
  },
} as const;

export type SeccompArch = keyof typeof SYSCALLS;
type Syscall = keyof (typeof SYSCALLS)['x64'] | keyof (typeof SYSCALLS)['arm64'];

/** Syscalls that always fail with EPERM (those missing on an architecture are skipped there). */
export const DENIED: readonly Syscall[] = [
  // Other processes' memory and state: pid 1 of the sandbox, or a sibling.
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'kcmp',
  'pidfd_getfd',
  'process_madvise',
  // Kernel subsystems with a long record of privilege escalations.
  'keyctl',
  'add_key',
  'request_key',
  'bpf',
  'perf_event_open',
  'userfaultfd',
  // Rearranging the filesystem or entering other namespaces.
  'mount',
  'umount2',
  'pivot_root',
  'chroot',
  'move_mount',
  'open_tree',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'mount_setattr',
  'setns',
  // The machine itself: modules, kexec, swap, reboot, the kernel log, clocks, I/O ports, quotas, handles.
  'kexec_load',
  'kexec_file_load',
  'init_module',
  'finit_module',
  'delete_module',
  'acct',
  'swapon',
  'swapoff',
  'reboot',
  'syslog',
  'vhangup',
  'quotactl',
  'quotactl_fd',
  'open_by_handle_at',
  'name_to_handle_at',
  'fanotify_init',
  'lookup_dcookie',
  'settimeofday',
  'clock_settime',
  'clock_adjtime',
  'adjtimex',
  'iopl',
  'ioperm',
];
/** Syscalls that fail with ENOSYS, so callers take their fallback (clone3 cannot be argument-checked). */
export const UNIMPLEMENTED: readonly Syscall[] = ['clone3', 'io_uring_setup', 'io_uring_enter', 'io_uring_register'];

/** `AUDIT_ARCH_*` of each architecture, as `seccomp_data.arch` reports it. */
const AUDIT_ARCH: Record<SeccompArch, number> = { x64: 0xc000003e, arm64: 0xc00000b7 };
/** x32 syscalls arrive on x86_64 with this bit set in their number. */
const X32_SYSCALL_BIT = 0x40000000;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET (clone's low byte is the exit signal). */
export const CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
/** The same plus CLONE_NEWTIME (0x80), which only unshare and clone3 take. */
const UNSHARE_NAMESPACES = CLONE_NAMESPACES | 0x80;
/** PER_LINUX, PER_LINUX32, UNAME26 alone and with PER_LINUX32, and 0xffffffff (query): what Docker allows. */
const PERSONAS = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

export const SECCOMP_RET = {
  KILL_PROCESS: 0x80000000,
  ALLOW: 0x7fff0000,
  /** Ored with the errno in the low 16 bits. */
  ERRNO: 0x00050000,
} as const;
export const EPERM = 1;
export const ENOSYS = 38;

/** Offsets into `struct seccomp_data`: nr, arch, then args[i] as 64-bit words (low half first: little endian). */
const DATA = { nr: 0, arch: 4, arg0Low: 16 } as const;
// Classic BPF opcodes used here.
const LD_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
const JEQ = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const JGE = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const JSET = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const RET = 0x06; // BPF_RET | BPF_K

type Label = 'allow' | 'eperm' | 'enosys' | 'kill' | 'clone' | 'unshare' | 'personality';
/** One instruction; a jump names its targets (`next`: fall through) and is resolved to offsets at the end. */
type Insn = { code: number; k: number; jt?: Label | 'next'; jf?: Label | 'next'; label?: Label };

/** The seccomp architecture of a Node `process.arch`, or undefined where no filter is built (see SYSCALLS). */
export function seccompArch(nodeArch: string = process.arch): SeccompArch | undefined {
  return nodeArch === 'x64' || nodeArch === 'arm64' ? nodeArch : undefined;
}

/** The filter for `arch` as the bytes of a `struct sock_filter[]` (8 bytes each, little endian), for bwrap. */
export function seccompProgram(arch: SeccompArch): Buffer {
  const table: Partial<Record<Syscall, number>> = SYSCALLS[arch];
  const ld = (offset: number): Insn => ({ code: LD_ABS, k: offset });
  const ret = (label: Label, value: number): Insn => ({ code: RET, k: value, label });
  const jumpIf = (code: number, k: number, jt: Label | 'next', jf: Label | 'next' = 'next'): Insn => ({ code, k, jt, jf });
  const onSyscall = (names: readonly Syscall[], target: Label) =>
    names.flatMap((name) => (table[name] === undefined ? [] : [jumpIf(JEQ, table[name] as number, target)]));
  const program: Insn[] = [
    // 1. The architecture first: a syscall number means nothing without it.
    ld(DATA.arch),
    jumpIf(JEQ, AUDIT_ARCH[arch], 'next', 'kill'),
    // 2. The syscall number; on x86_64 the x32 ABI shares the architecture and is told apart by this bit.
    ld(DATA.nr),
    ...(arch === 'x64' ? [jumpIf(JGE, X32_SYSCALL_BIT, 'kill')] : []),
    ...onSyscall(DENIED, 'eperm'),
    ...onSyscall(UNIMPLEMENTED, 'enosys'),
    ...onSyscall(['clone'], 'clone'),
    ...onSyscall(['unshare'], 'unshare'),
    ...onSyscall(['personality'], 'personality'),
    { code: RET, k: SECCOMP_RET.ALLOW },
    // 3. Argument checks: the flags (args[0], low word: the kernel ignores the high one) and the persona.
    { ...ld(DATA.arg0Low), label: 'clone' },
    jumpIf(JSET, CLONE_NAMESPACES, 'eperm', 'allow'),
    { ...ld(DATA.arg0Low), label: 'unshare' },
    jumpIf(JSET, UNSHARE_NAMESPACES, 'eperm', 'allow'),
    { ...ld(DATA.arg0Low), label: 'personality' },
    ...PERSONAS.map((persona) => jumpIf(JEQ, persona, 'allow')),
    // 4. The verdicts, last: classic BPF jumps only forward.
    ret('eperm', SECCOMP_RET.ERRNO | EPERM),
    ret('allow', SECCOMP_RET.ALLOW),
    ret('enosys', SECCOMP_RET.ERRNO | ENOSYS),
    ret('kill', SECCOMP_RET.KILL_PROCESS),
  ];
  return assemble(program);
}

/** Resolves jump labels to relative offsets (forward only, at most 255) and encodes each `sock_filter`. */
function assemble(program: Insn[]): Buffer {
  const at = new Map<Label, number>();
  program.forEach((insn, i) => {
    if (insn.label) at.set(insn.label, i);
  });
  const offset = (from: number, target: Label | 'next' | undefined): number => {
    if (target === undefined || target === 'next') return 0;
    const distance = (at.get(target) ?? Number.NaN) - from - 1;
    if (!(distance >= 0 && distance <= 255)) throw new Error(`seccomp: jump to ${target} out of range`);
    return distance;
  };
  const out = Buffer.alloc(program.length * 8);
  program.forEach((insn, i) => {
    out.writeUInt16LE(insn.code, i * 8);
    out.writeUInt8(offset(i, insn.jt), i * 8 + 2);
    out.writeUInt8(offset(i, insn.jf), i * 8 + 3);
    out.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  return out;
}
