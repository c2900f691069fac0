import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_DISK_MB } from './disk-limit.ts';
import { hardeningArgs, probeHardening, type SandboxHardening } from './sandbox-hardening.ts';
import { type HostUser, reachableSource } from './sandbox-stage.ts';

/**
 * The OS sandbox around each runner process: bubblewrap (Debian package `bubblewrap`) puts it in fresh
 * user, pid, network, IPC, UTS and cgroup namespaces, as an unprivileged user, in a new session, with a
 * read-only view of the system's programs and libraries and nothing else of the host's files: no /etc,
 * no /home, no app directory, only its own temp dir writable. It dies with the server. Network is off
 * (an empty namespace: even 127.0.0.1 is the sandbox's own loopback), so user code cannot reach
 * Postgres, the API or anything else the host can.
 */
export interface Sandbox extends SandboxHardening {
  kind: 'bwrap';
  /** The bwrap binary. */
  path: string;
  version: string;
}

/** Whether a sandbox can be used here, and if not, why. */
export type SandboxProbe = { ok: true; sandbox: Sandbox } | { ok: false; reason: string };

/** Unprivileged uid/gid inside the sandbox (`nobody`). */
const SANDBOX_UID = 65534;
const CANDIDATES = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];

/**
 * Finds bwrap and checks that it can create the namespaces here (containers often forbid user
 * namespaces): runs `true` inside the same kind of sandbox the runtime will use.
 */
export function probeSandbox(bwrapPath?: string): SandboxProbe {
  const found = bwrapPath ?? CANDIDATES.find((p) => existsSync(p));
  if (!found) return { ok: false, reason: 'bubblewrap (bwrap) is not installed; on Debian: apt-get install bubblewrap' };
  const version = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 5_000 });
  if (version.status !== 0) return { ok: false, reason: `${found} --version failed` };
  const truePath = ['/usr/bin/true', '/bin/true'].find((p) => existsSync(p)) ?? '/usr/bin/true';
  // The hardening (seccomp, --disable-userns, the host user) is probed along: a piece that fails here is
  // left out and named in `degraded`; only bwrap failing on its own makes the sandbox unavailable.
  const trial = (hardening: SandboxHardening) => bwrapTrial(found, truePath, hardening);
  const hardening = probeHardening(trial);
  if (hardening.degraded) {
    const failure = trial({ seccomp: undefined, disableUserns: false, hostUser: undefined });
    if (failure !== undefined)
      return { ok: false, reason: `bubblewrap cannot create namespaces here (${failure}); user namespaces may be disabled` };
  }
  return { ok: true, sandbox: { kind: 'bwrap', path: found, version: version.stdout.trim(), ...hardening } };
}

/** Runs `true` in a sandbox with `hardening`, reaching the temp dir; why it failed, if it did. */
function bwrapTrial(bwrap: string, truePath: string, hardening: SandboxHardening): string | undefined {
  // The work dirs live under the temp dir, bound as they are; the app's own files are staged when the host user
  // cannot reach them (sandbox-stage.ts), so they need no trial.
  const reach = ['--ro-bind', tmpdir(), tmpdir()];
  const args = [
    ...systemMounts(),
    ...reach,
    ...hardeningArgs(hardening, 0),
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
  ];
  const trial = spawnSync(bwrap, [...args, '--', truePath], {
    encoding: 'utf8',
    timeout: 5_000,
    env: {},
    ...(hardening.seccomp ? { input: hardening.seccomp } : {}), // fd 0: see hardeningArgs(…, 0).
    ...(hardening.hostUser ?? {}),
  });
  return trial.status === 0 ? undefined : (trial.stderr || trial.error?.message || `exit ${trial.status}`).trim();
}

/** Read-only system directories every program needs; symlinked ones (merged /usr) stay symlinks. */
function systemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const dir of ['/lib', '/lib64', '/lib32', '/bin', '/sbin']) {
    if (!existsSync(dir)) continue;
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (stat.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  return args;
}

export interface SandboxedCommand {
  /** Node binary; its installation is mounted read-only when it lives outside /usr (absent: no node). */
  nodePath?: string;
  /** Files the runner needs to read (mounted read-only at the same path). */
  readOnlyFiles: string[];
  /** The runner's private temp dir: writable, and its working directory. */
  workDir: string;
  /** Environment inside the sandbox (bwrap starts from an empty one). */
  env: Record<string, string>;
  /**
   * Share the host's network namespace, loopback included (and the files DNS and TLS need); otherwise an empty
   * one. The E2B test double only: the runtimes never share it, their `network: allowlist` and `on` go through
   * the egress proxy's socket (see `binds`, egress-proxy.ts).
   */
  network?: boolean;
  /** Mount the system's CA certificates read-only (TLS clients talking through the egress proxy). */
  trustStore?: boolean;
  /** Policy `filesystem: none`: the work dir is mounted read-only and nothing else is writable either. */
  readOnlyWorkDir?: boolean;
  /** Host paths bound read-only at the paths given (e.g. the egress proxy's socket). */
  binds?: { from: string; to: string }[];
  /** The host user bwrap runs as (a root server's `nobody`): read-only sources it cannot reach are staged copies. */
  hostUser?: HostUser;
  /**
   * Size in MiB of each private tmpfs the code can write (the work dir, /tmp, /dev/shm); default DEFAULT_DISK_MB.
   * They live in host RAM: a call can pin up to three times this much on top of its memory.
   */
  diskMb?: number;
  /**
   * Names of files the host put in `workDir` before the call: bound read-only into the sandbox's work dir (a
   * fresh tmpfs), so code never writes the host's directory and the host never reads what code wrote.
   */
  workDirFiles?: string[];
  /**
   * The E2B fake only: bind the host's `workDir` writable at this path instead of a tmpfs (it emulates a
   * remote disk whose files it serves back; it reads them with safe-file.ts). Also the working directory.
   */
  hostWorkDirAt?: string;
}

/** What TLS clients read to verify certificates. */
const TRUST_FILES = ['/etc/ssl', '/etc/ca-certificates'];
/** What name resolution and TLS read, mounted read-only when the host's network is shared. */
const NETWORK_FILES = ['/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf', ...TRUST_FILES];

/** The bwrap arguments that run `command` under the sandbox described above (append `--`, then the command). */
export function sandboxArgs(options: SandboxedCommand): string[] {
  // 1. The system, /proc, /dev and an empty /tmp first: later binds may live under /tmp (a checkout in
  //    /tmp, the temp dirs) and must not be hidden by the tmpfs.
  //    Every writable place is a tmpfs of bounded size: /tmp, /dev/shm (--dev makes /dev itself a writable
  //    tmpfs, so it is remounted read-only; its device nodes stay usable), and the work dir (step 3).
  const disk = `${(options.diskMb ?? DEFAULT_DISK_MB) * 1024 * 1024}`;
  const args = [...systemMounts(), '--proc', '/proc', '--dev', '/dev', '--size', disk, '--tmpfs', '/tmp'];
  args.push('--size', disk, '--tmpfs', '/dev/shm', '--remount-ro', '/dev');
  // 2. The node installation, when it lives outside /usr (e.g. /opt/node, ~/.nvm/versions/node/v20): read-only.
  const node = options.nodePath ? realpathSync(options.nodePath) : undefined;
  if (node && !node.startsWith('/usr/')) {
    const prefix = path.dirname(path.dirname(node));
    args.push('--ro-bind', reachableSource(prefix, options.hostUser), prefix);
  }
  // 3. The runner's files (read-only), what the network needs when it is on, and the work dir (a tmpfs).
  for (const file of options.readOnlyFiles) args.push('--ro-bind', reachableSource(file, options.hostUser), file);
  const netFiles = options.network ? NETWORK_FILES : options.trustStore ? TRUST_FILES : [];
  for (const file of netFiles) if (existsSync(file)) args.push('--ro-bind', file, file);
  for (const bind of options.binds ?? []) args.push('--ro-bind', reachableSource(bind.from, options.hostUser), bind.to);
  args.push(...workDirMounts(options, disk));
  args.push(
    // The sandbox's root is a tmpfs too (bwrap's, unbounded): read-only once everything is mounted on it.
    // With no files allowed, /tmp and /dev/shm become read-only as well.
    ...(options.readOnlyWorkDir ? ['--remount-ro', '/tmp', '--remount-ro', '/dev/shm'] : []),
    '--remount-ro',
    '/',
    '--chdir',
    options.hostWorkDirAt ?? options.workDir,
    '--unshare-all',
    ...(options.network ? ['--share-net'] : []),
    '--hostname',
    'sandbox',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
  );
  for (const [key, value] of Object.entries(options.env)) args.push('--setenv', key, value);
  return args;
}

/**
 * The work dir inside the sandbox. Writable: a fresh tmpfs of `disk` bytes at the host dir's path, with the
 * host's files bound in read-only (bwrap reads bind sources from the host's tree, so the tmpfs does not hide
 * them). Read-only (`filesystem: none`): the host dir itself, read-only. The host dir is never writable.
 */
function workDirMounts(options: SandboxedCommand, disk: string): string[] {
  if (options.hostWorkDirAt) return ['--bind', options.workDir, options.hostWorkDirAt];
  if (options.readOnlyWorkDir) return ['--ro-bind', options.workDir, options.workDir];
  const args = ['--size', disk, '--tmpfs', options.workDir];
  for (const name of options.workDirFiles ?? []) {
    const file = path.join(options.workDir, name);
    args.push('--ro-bind', file, file);
  }
  return args;
}
