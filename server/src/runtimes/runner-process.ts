import type { ChildProcess } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { RunnerStats } from './result-channel.ts';
import { type Sandbox, sandboxArgs } from './sandbox.ts';
import { DEFAULT_MAX_OPEN_FILES, giveWorkDir, hardeningArgs, processLimit, spawnSandboxed } from './sandbox-hardening.ts';

/** The only PATH the child gets; nothing else from the server's environment reaches it. */
export const CHILD_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Address space of an idle runner (V8, ICU, code), measured at ~730 MiB on Node 20; rounded up. */
const BASE_ADDRESS_SPACE_MB = 1024;

/**
 * The kernel address-space limit for a runner with a `memoryMb` heap: the runner's own base, the heap,
 * and as much again for everything outside it (buffers, wasm memories, strings' backing stores).
 */
export function addressSpaceBytes(memoryMb: number, baseMb = BASE_ADDRESS_SPACE_MB): number {
  return (baseMb + 2 * memoryMb) * 1024 * 1024;
}

/** The runner's whole environment: PATH, and what tells it about its file and network policy. */
function runnerEnv(options: RunnerSpawnOptions): Record<string, string> {
  return {
    PATH: CHILD_PATH,
    ...(options.readOnly ? { SWITCHYARD_FS: 'none' } : {}),
    ...(options.proxySocket ? { SWITCHYARD_PROXY: PROXY_SOCKET, SWITCHYARD_UNDICI: UNDICI_ENTRY } : {}),
  };
}

/** How to start a runner child; fixed for the lifetime of the process. */
export interface RunnerSpawnOptions {
  nodePath: string;
  runnerPath: string;
  /** V8 old-space limit (`--max-old-space-size`). */
  memoryMb: number;
  /** Kernel CPU-time limit (RLIMIT_CPU) via prlimit, the backstop for an orphaned busy loop. */
  cpuLimitSec: number;
  /** prlimit binary, or undefined to run without the kernel CPU limit. */
  prlimitPath: string | undefined;
  /** Node's permission model: reads limited to the runner file and the temp dir, writes to the temp dir. */
  fsPermissions: boolean;
  tmpRoot: string;
  /** OS sandbox around the process (namespaces, no network, read-only system); undefined runs it bare. */
  sandbox: Sandbox | undefined;
  /** Policy `filesystem: none`: nothing writable (the runner imports code from data: URLs). */
  readOnly?: boolean;
  /**
   * Policy `network: allowlist` or `on`: the host path of the egress proxy's socket, bound at PROXY_SOCKET, the
   * sandbox's only way out (its network namespace is always empty).
   */
  proxySocket?: string;
  /** Further files or directories the runner reads (engine packages, undici): bound read-only and, with the permission model, readable. */
  readOnlyPaths?: string[];
  /** Node flags before the runner path (e.g. `--allow-wasi`). */
  nodeFlags?: string[];
  /** Arguments after the runner path. */
  runnerArgs?: string[];
  /** Address space of an idle runner in MiB, for the kernel limit; default that of the node runner (1024). */
  baseAddressSpaceMb?: number;
  /** With a sandbox and prlimit: tasks (processes and threads) the sandbox may hold; default DEFAULT_MAX_PROCESSES. */
  maxProcesses?: number;
  /** With prlimit: open files per process (RLIMIT_NOFILE); default DEFAULT_MAX_OPEN_FILES. */
  maxOpenFiles?: number;
  /**
   * With a sandbox: MiB of each private tmpfs (work dir, /tmp, /dev/shm); default DEFAULT_DISK_MB. The work
   * dir inside the sandbox is a tmpfs, so code never writes the host dir this process removes afterwards.
   */
  diskMb?: number;
}

/** undici's entry file and package dir: the runner's fetch goes through the egress proxy with it. */
const UNDICI_ENTRY = createRequire(import.meta.url).resolve('undici');
export const UNDICI_DIR = path.dirname(UNDICI_ENTRY);

/** Where the egress proxy's socket appears inside the sandbox. */
export const PROXY_SOCKET = '/run/switchyard/egress.sock';

/** Where a chunk of runner output came from: user stdout/stderr, or the result channel on fd 3 (after `ready`). */
export type OutputSource = 'stdout' | 'stderr' | 'channel';

/** Receives everything a runner process emits while one call (or the idle pool) watches it. */
export interface RunnerWatcher {
  output(source: OutputSource, chunk: Buffer): void;
  outputEnd(source: OutputSource): void;
  exit(code: number | null, signal: NodeJS.Signals | null): void;
  /** The child exited and its pipes are closed. */
  close(): void;
  /** The child could not be spawned ('error' before any 'exit'). */
  error(err: Error): void;
}

/** Unwatched output kept for the next watcher; more than this means it is not our runner talking. */
const MAX_BACKLOG_BYTES = 1024 * 1024;

/** A watcher that drops everything (for processes that are being killed). */
const IGNORE: RunnerWatcher = { output() {}, outputEnd() {}, exit() {}, close() {}, error() {} };

/**
 * One runner child process (its own process group, a private temp dir as cwd) serving one call at a time.
 * The child reports readiness with a `ready` line on fd 3. Everything it emits afterwards (output chunks,
 * stream ends, exit) goes to the current watcher, or is kept in order for the next one; output while nobody
 * watches marks the process `dirty` (it must not be parked). The temp dir is removed once the process and its
 * pipes are closed.
 */
export class RunnerProcess {
  /** True once the child has booted and is waiting for its request. */
  ready = false;
  /** True once the child has exited (or failed to spawn). */
  exited = false;
  /** Resolves once the child is ready, or gone (check `exited`). */
  readonly whenReady: Promise<void>;
  /** Resolves once the child has exited, its pipes are closed and its temp dir is removed (or it failed to spawn). */
  readonly whenClosed: Promise<void>;
  /** True once output arrived while no call was watching: the process must not serve another call after this one. */
  dirty = false;
  /** Calls started on this process. */
  calls = 0;
  /** Stats the runner sent with its latest frame. */
  usage: RunnerStats | undefined;
  private handshake: Buffer = Buffer.alloc(0);
  private watcher: RunnerWatcher | undefined;
  private backlog: ((watcher: RunnerWatcher) => void)[] = [];
  private backlogBytes = 0;
  private markReady!: () => void;
  private markClosed!: () => void;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
    /** Heap limit (MiB) and kernel CPU budget (s) the process was started with. */
    readonly limits: { memoryMb: number; cpuLimitSec: number; diskMb?: number },
  ) {
    this.whenReady = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.whenClosed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.channel.on('data', (chunk: Buffer) => this.onChannelData(chunk));
    this.channel.on('end', () => this.emit((w) => w.outputEnd('channel')));
    this.channel.on('error', () => {});
    this.stdin.on('error', () => {}); // EPIPE when the child dies before reading its request.
    for (const source of ['stdout', 'stderr'] as const) {
      const stream = source === 'stdout' ? this.stdout : this.stderr;
      stream.on('data', (chunk: Buffer) => this.emitOutput(source, chunk));
      stream.on('end', () => this.emit((w) => w.outputEnd(source)));
      stream.on('error', () => {});
    }
    child.on('error', (err) => {
      this.exited = true;
      this.markReady();
      this.removeDir();
      this.emit((w) => w.error(err));
    });
    child.on('exit', (code, signal) => {
      this.killGroup(); // Takes any grandchildren still in the group with it.
      this.exited = true;
      this.markReady();
      this.emit((w) => w.exit(code, signal));
    });
    child.on('close', () => {
      this.removeDir();
      this.emit((w) => w.close());
    });
  }

  /** Creates the temp dir and starts the child; resolves as soon as it is spawned (not yet ready). */
  static async spawn(options: RunnerSpawnOptions): Promise<RunnerProcess> {
    const dir = await realpath(await mkdtemp(path.join(options.tmpRoot, 'switchyard-run-')));
    await giveWorkDir(options.sandbox, dir);
    const readOnlyPaths = options.readOnlyPaths ?? [];
    const nodeArgs = [
      `--max-old-space-size=${options.memoryMb}`,
      // Wasm memories otherwise reserve ~10 GiB of address space each (guard regions), which the
      // address-space limit below would refuse; explicit bounds checks need no reservation.
      '--disable-wasm-trap-handler',
      '--disable-warning=ExperimentalWarning',
      ...(options.fsPermissions
        ? [
            '--experimental-permission',
            `--allow-fs-read=${options.runnerPath}`,
            ...readOnlyPaths.map((p) => `--allow-fs-read=${p}`),
            `--allow-fs-read=${dir}`,
            ...(options.readOnly ? [] : [`--allow-fs-write=${dir}`]),
          ]
        : []),
      ...(options.nodeFlags ?? []),
      options.runnerPath,
      ...(options.runnerArgs ?? []),
    ];
    // 1. The sandbox (if any) wraps node; its own pid namespace dies with it, taking every descendant along.
    const inner = options.sandbox
      ? [
          options.sandbox.path,
          ...hardeningArgs(options.sandbox),
          ...sandboxArgs({
            hostUser: options.sandbox.hostUser,
            nodePath: options.nodePath,
            readOnlyFiles: [options.runnerPath, ...readOnlyPaths],
            workDir: dir,
            env: runnerEnv(options),
            readOnlyWorkDir: options.readOnly,
            binds: options.proxySocket ? [{ from: options.proxySocket, to: PROXY_SOCKET }] : [],
            ...(options.diskMb ? { diskMb: options.diskMb } : {}),
          }),
          '--',
          ...processLimit(options.prlimitPath, options.maxProcesses),
          options.nodePath,
          ...nodeArgs,
        ]
      : [options.nodePath, ...nodeArgs];
    // 2. prlimit execs what follows, so the pid (and process group) stays the same; the limits are inherited.
    //    RLIMIT_AS caps what V8's heap flag does not: ArrayBuffers, wasm memories, native allocations.
    const [command, ...args] = options.prlimitPath
      ? [
          options.prlimitPath,
          `--cpu=${options.cpuLimitSec}`,
          `--as=${addressSpaceBytes(options.memoryMb, options.baseAddressSpaceMb)}`,
          `--nofile=${options.maxOpenFiles ?? DEFAULT_MAX_OPEN_FILES}`,
          '--',
          ...inner,
        ]
      : inner;
    const child = spawnSandboxed(options.sandbox, command as string, args, {
      cwd: dir,
      env: runnerEnv(options),
      detached: true, // setsid: the child leads its own process group, so the group can be killed as a whole.
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    return new RunnerProcess(child, dir, {
      memoryMb: options.memoryMb,
      cpuLimitSec: options.cpuLimitSec,
      ...(options.diskMb ? { diskMb: options.diskMb } : {}),
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdin(): Writable {
    return this.child.stdio[0] as Writable;
  }

  get stdout(): Readable {
    return this.child.stdio[1] as Readable;
  }

  get stderr(): Readable {
    return this.child.stdio[2] as Readable;
  }

  private get channel(): Readable {
    return this.child.stdio[3] as Readable;
  }

  /** Sends everything the process emits to `watcher`, starting with what arrived while nobody watched. */
  watch(watcher: RunnerWatcher): void {
    this.watcher = watcher;
    const backlog = this.backlog.splice(0);
    this.backlogBytes = 0;
    for (const replay of backlog) replay(watcher);
  }

  /** Stops delivering to the current watcher; later events are kept for the next one. */
  unwatch(): void {
    this.watcher = undefined;
  }

  /** Kills the process group and drops whatever it still emits. */
  retire(): void {
    this.watch(IGNORE);
    this.killGroup();
  }

  /**
   * SIGKILLs the whole process group. A no-op once the leader has been reaped (the group was killed at that
   * moment), so a later call can never hit an unrelated group that reused the pid.
   */
  killGroup(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: nothing left in the group.
    }
  }

  /** Lets the server exit while this (idle) process is alive, or takes that back. */
  setRef(ref: boolean): void {
    for (const handle of [this.child, ...this.child.stdio]) {
      const h = handle as { ref?: () => void; unref?: () => void; destroyed?: boolean } | null;
      if (h?.destroyed) continue; // The seccomp pipe closes at start; ref() on a closed socket waits for 'connect'.
      if (ref) h?.ref?.();
      else h?.unref?.();
    }
  }

  private removeDir(): void {
    void rm(this.dir, { recursive: true, force: true })
      .catch(() => {})
      .finally(() => this.markClosed());
  }

  private emit(event: (watcher: RunnerWatcher) => void): void {
    if (this.watcher) event(this.watcher);
    else this.backlog.push(event);
  }

  private emitOutput(source: OutputSource, chunk: Buffer): void {
    if (this.watcher) {
      this.watcher.output(source, chunk);
      return;
    }
    this.dirty = true;
    this.backlogBytes += chunk.length;
    if (this.backlogBytes > MAX_BACKLOG_BYTES) this.retire();
    else this.backlog.push((w) => w.output(source, chunk));
  }

  private onChannelData(chunk: Buffer): void {
    if (!this.ready) {
      this.handshake = Buffer.concat([this.handshake, chunk]);
      const newline = this.handshake.indexOf(10);
      if (newline === -1) {
        if (this.handshake.length > 64) this.killGroup(); // Not our runner talking.
        return;
      }
      const rest = this.handshake.subarray(newline + 1);
      this.handshake = Buffer.alloc(0);
      this.ready = true;
      this.markReady();
      if (rest.length === 0) return;
      chunk = rest;
    }
    this.emitOutput('channel', chunk);
  }
}

/** Waits until every process in `processes` is closed (reaped, temp dir removed), or `ms` passed. */
export async function whenAllClosed(processes: Iterable<RunnerProcess>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all([...processes].map((p) => p.whenClosed)),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
