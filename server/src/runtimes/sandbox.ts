import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The OS sandbox around each runner process: bubblewrap (Debian package `bubblewrap`) puts it in fresh
 * user, pid, network, IPC, UTS and cgroup namespaces, as an unprivileged user, in a new session, with a
 * read-only view of the system's programs and libraries and nothing else of the host's files: no /etc,
 * no /home, no app directory, only its own temp dir writable. It dies with the server. Network is off
 * (an empty namespace: even 127.0.0.1 is the sandbox's own loopback), so user code cannot reach
 * Postgres, the API or anything else the host can.
 */
export interface Sandbox {
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
  const trial = spawnSync(found, [...systemMounts(), '--unshare-all', '--die-with-parent', '--new-session', '--', truePath], {
    encoding: 'utf8',
    timeout: 5_000,
    env: {},
  });
  if (trial.status !== 0)
    return {
      ok: false,
      reason: `bubblewrap cannot create namespaces here (${(trial.stderr || trial.error?.message || 'no detail').trim()}); user namespaces may be disabled`,
    };
  return { ok: true, sandbox: { kind: 'bwrap', path: found, version: version.stdout.trim() } };
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
  /** Share the host's network (and the files DNS and TLS need); otherwise an empty network namespace. */
  network: boolean;
  /** Policy `filesystem: none`: the work dir is mounted read-only and nothing else is writable either. */
  readOnlyWorkDir?: boolean;
  /** Host paths bound read-only at the paths given (e.g. the egress proxy's socket). */
  binds?: { from: string; to: string }[];
}

/** What name resolution and TLS read, mounted read-only when the network is on. */
const NETWORK_FILES = ['/etc/resolv.conf', '/etc/hosts', '/etc/nsswitch.conf', '/etc/ssl', '/etc/ca-certificates'];

/** The bwrap arguments that run `command` under the sandbox described above (append `--`, then the command). */
export function sandboxArgs(options: SandboxedCommand): string[] {
  // 1. The system, /proc, /dev and an empty /tmp first: later binds may live under /tmp (a checkout in
  //    /tmp, the temp dirs) and must not be hidden by the tmpfs.
  const args = [...systemMounts(), '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp'];
  // 2. The node installation, when it lives outside /usr (e.g. /opt/node, ~/.nvm/versions/node/v20): read-only.
  const node = options.nodePath ? realpathSync(options.nodePath) : undefined;
  if (node && !node.startsWith('/usr/')) {
    const prefix = path.dirname(path.dirname(node));
    args.push('--ro-bind', prefix, prefix);
  }
  // 3. The runner's files (read-only), what the network needs when it is on, and the work dir (writable).
  for (const file of options.readOnlyFiles) args.push('--ro-bind', file, file);
  if (options.network) for (const file of NETWORK_FILES) if (existsSync(file)) args.push('--ro-bind', file, file);
  for (const bind of options.binds ?? []) args.push('--ro-bind', bind.from, bind.to);
  args.push(
    options.readOnlyWorkDir ? '--ro-bind' : '--bind',
    options.workDir,
    options.workDir,
    // With no files allowed, the sandbox's own root and /tmp (tmpfs) become read-only too.
    ...(options.readOnlyWorkDir ? ['--remount-ro', '/tmp', '--remount-ro', '/'] : []),
    '--chdir',
    options.workDir,
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
