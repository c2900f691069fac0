import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The only PATH the child gets; nothing else from the server's environment reaches it. */
export const CHILD_PATH = '/usr/local/bin:/usr/bin:/bin';

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
}

/**
 * One runner child process (its own process group, a private temp dir as cwd) used for exactly one execution.
 * The child reports readiness with a `ready` line on fd 3; everything after that line on fd 3 is handed to
 * the consumer set with `onChannel`. The temp dir is removed once the process and its pipes are closed.
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
  private handshake: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private channelConsumer: ((chunk: Buffer) => void) | undefined;
  private markReady!: () => void;
  private markClosed!: () => void;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
  ) {
    this.whenReady = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.whenClosed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.channel.on('data', (chunk: Buffer) => this.onChannelData(chunk));
    this.channel.on('error', () => {});
    this.stdin.on('error', () => {}); // EPIPE when the child dies before reading its request.
    child.on('error', () => {
      this.exited = true;
      this.markReady();
      this.removeDir();
    });
    child.on('exit', () => {
      this.killGroup(); // Takes any grandchildren still in the group with it.
      this.exited = true;
      this.markReady();
    });
    child.on('close', () => this.removeDir());
  }

  /** Creates the temp dir and starts the child; resolves as soon as it is spawned (not yet ready). */
  static async spawn(options: RunnerSpawnOptions): Promise<RunnerProcess> {
    const dir = await realpath(await mkdtemp(path.join(options.tmpRoot, 'switchyard-run-')));
    const nodeArgs = [
      `--max-old-space-size=${options.memoryMb}`,
      '--disable-warning=ExperimentalWarning',
      ...(options.fsPermissions
        ? [
            '--experimental-permission',
            `--allow-fs-read=${options.runnerPath}`,
            `--allow-fs-read=${dir}`,
            `--allow-fs-write=${dir}`,
          ]
        : []),
      options.runnerPath,
    ];
    // prlimit execs node, so the pid (and process group) stays the same.
    const [command, args] = options.prlimitPath
      ? [options.prlimitPath, [`--cpu=${options.cpuLimitSec}`, '--', options.nodePath, ...nodeArgs]]
      : [options.nodePath, nodeArgs];
    const child = spawn(command, args, {
      cwd: dir,
      env: { PATH: CHILD_PATH },
      detached: true, // setsid: the child leads its own process group, so the group can be killed as a whole.
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    return new RunnerProcess(child, dir);
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

  /** Routes fd-3 bytes after the ready line to `consumer` (earlier buffered bytes first). */
  onChannel(consumer: (chunk: Buffer) => void): void {
    this.channelConsumer = consumer;
    for (const chunk of this.pending.splice(0)) consumer(chunk);
  }

  /** Subscribes to the end of fd 3. */
  onChannelEnd(listener: () => void): void {
    this.channel.once('end', listener);
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
      const h = handle as { ref?: () => void; unref?: () => void } | null;
      if (ref) h?.ref?.();
      else h?.unref?.();
    }
  }

  private removeDir(): void {
    void rm(this.dir, { recursive: true, force: true })
      .catch(() => {})
      .finally(() => this.markClosed());
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
    if (this.channelConsumer) this.channelConsumer(chunk);
    else this.pending.push(chunk);
  }
}
