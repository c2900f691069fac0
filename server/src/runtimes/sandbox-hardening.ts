import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { chown } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { seccompArch, seccompProgram } from './seccomp.ts';

/**
 * What the sandbox adds to bubblewrap's namespaces, each probed where it runs (see probeSandbox):
 * - a seccomp filter (seccomp.ts) bwrap installs before it execs the command: no ptrace, no nested
 *   namespaces, no keyrings, eBPF, perf, mounts, modules or io_uring;
 * - `--disable-userns`: even without the filter, code cannot create a user namespace;
 * - a root server spawns bwrap as the host user `nobody`, so the sandbox's user is not host root underneath
 *   and RLIMIT_NPROC applies (the kernel exempts real uid 0 from it).
 */
export interface SandboxHardening {
  /** The filter's `struct sock_filter[]` bytes, fed to bwrap on fd SECCOMP_FD; undefined where it cannot load. */
  seccomp: Buffer | undefined;
  /** bwrap's `--disable-userns` works here. */
  disableUserns: boolean;
  /** Host uid/gid bwrap is spawned as (a root server's sandboxes run as nobody); undefined: the server's own. */
  hostUser: { uid: number; gid: number } | undefined;
  /** What could not be applied here, and why (absent: everything above is in force). */
  degraded?: string;
}

/** Host user of the sandboxes of a root server: `nobody`. */
const HOST_NOBODY = { uid: 65534, gid: 65534 };
/** The child's fd bwrap reads the seccomp filter from (0-2 are stdio, 3 the runners' result channel). */
export const SECCOMP_FD = 4;
/**
 * Tasks (processes and threads) one sandbox may have at once: RLIMIT_NPROC set inside the sandbox's own user
 * namespace, so the count is per sandbox (set outside, it would count every sandbox of the host user). A Node
 * runner alone has about a dozen threads.
 */
export const DEFAULT_MAX_PROCESSES = 256;
/** RLIMIT_NOFILE of sandboxed processes (soft and hard: Node raises its soft limit to the hard one at start). */
export const DEFAULT_MAX_OPEN_FILES = 1024;
const NONE: SandboxHardening = { seccomp: undefined, disableUserns: false, hostUser: undefined };

/** bwrap arguments that apply `hardening`; the filter is read from `seccompFd`. */
export function hardeningArgs(hardening: SandboxHardening, seccompFd = SECCOMP_FD): string[] {
  return [
    ...(hardening.seccomp ? ['--seccomp', String(seccompFd)] : []),
    ...(hardening.disableUserns ? ['--unshare-user', '--disable-userns'] : []),
  ];
}

/**
 * Finds which hardening works here. `trial` runs `true` in a sandbox with the given hardening and returns why
 * it failed (undefined: it ran). Everything at once first (one spawn where all works); otherwise each piece
 * alone, keeping those that work, with the reasons for the others in `degraded`.
 */
export function probeHardening(trial: (hardening: SandboxHardening) => string | undefined): SandboxHardening {
  const arch = seccompArch();
  const wanted: SandboxHardening = {
    seccomp: arch ? seccompProgram(arch) : undefined,
    disableUserns: true,
    hostUser: process.getuid?.() === 0 ? HOST_NOBODY : undefined,
  };
  const missing = arch ? [] : [`no seccomp filter for ${process.arch} (only x64 and arm64)`];
  if (trial(wanted) === undefined) return withNotes(wanted, missing);
  const kept: SandboxHardening = { ...NONE };
  if (wanted.seccomp) {
    const failure = trial({ ...NONE, seccomp: wanted.seccomp });
    if (failure === undefined) kept.seccomp = wanted.seccomp;
    else missing.push(`the seccomp filter does not load (${failure})`);
  }
  const userns = trial({ ...NONE, disableUserns: true });
  if (userns === undefined) kept.disableUserns = true;
  else missing.push(`bwrap --disable-userns fails (${userns})`);
  if (wanted.hostUser) {
    const failure = trial({ ...NONE, hostUser: wanted.hostUser });
    if (failure === undefined) kept.hostUser = wanted.hostUser;
    else
      missing.push(
        `sandboxes run as host root, without a process limit: as uid ${wanted.hostUser.uid} bwrap fails (${failure}); the temp dir must be reachable by it`,
      );
  }
  if (trial(kept) !== undefined) return withNotes(NONE, [...missing, 'the working pieces fail together']);
  return withNotes(kept, missing);
}

function withNotes(hardening: SandboxHardening, notes: string[]): SandboxHardening {
  return notes.length ? { ...hardening, degraded: notes.join('; ') } : hardening;
}

/**
 * The inner command prefix that caps the sandbox's task count: prlimit runs inside the sandbox, after bwrap
 * created its user namespace, so RLIMIT_NPROC counts this sandbox's tasks only. Empty without prlimit (or one
 * the sandbox cannot see: it binds only /usr and /bin), or a limit of 0.
 */
export function processLimit(prlimitPath: string | undefined, maxProcesses = DEFAULT_MAX_PROCESSES): string[] {
  if (!prlimitPath || maxProcesses <= 0 || !/^\/(usr\/)?bin\//.test(prlimitPath)) return [];
  return [prlimitPath, `--nproc=${maxProcesses}`, '--'];
}

/** Gives a call's host work dir (mkdtemp: 0700, the server's) to the sandbox's host user, so bwrap can bind it. */
export async function giveWorkDir(hardening: SandboxHardening | undefined, dir: string): Promise<void> {
  if (hardening?.hostUser) await chown(dir, hardening.hostUser.uid, hardening.hostUser.gid);
}

/**
 * `spawn` for a command line built with hardeningArgs: as the sandbox's host user, with the seccomp filter
 * written to the child's fd SECCOMP_FD (a pipe bwrap reads to its end, then closes). `options.stdio` must
 * list fewer than SECCOMP_FD entries. Without a sandbox, a plain spawn.
 */
export function spawnSandboxed(
  hardening: SandboxHardening | undefined,
  command: string,
  args: string[],
  options: SpawnOptions & { stdio: ('pipe' | 'ignore')[] },
): ChildProcess {
  if (!hardening) return spawn(command, args, options);
  const stdio: ('pipe' | 'ignore')[] = [...options.stdio];
  while (stdio.length < SECCOMP_FD) stdio.push('ignore');
  stdio[SECCOMP_FD] = hardening.seccomp ? 'pipe' : 'ignore';
  const child = spawn(command, args, { ...options, stdio, ...(hardening.hostUser ?? {}) });
  const pipe = child.stdio[SECCOMP_FD] as Socket | null;
  if (pipe && hardening.seccomp) {
    pipe.on('error', () => {}); // EPIPE when the child dies before reading it.
    pipe.resume(); // Read to the end, so the pipe closes and the child's 'close' can fire.
    pipe.end(hardening.seccomp);
  }
  return child;
}
