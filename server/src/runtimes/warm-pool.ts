import { RunnerProcess, type RunnerSpawnOptions } from './runner-process.ts';

/** How long `close` waits for killed idle processes to be reaped. */
const CLOSE_WAIT_MS = 2000;

/**
 * Keeps `size` pre-spawned runner processes waiting for their request, so a call skips Node's start-up.
 * A process leaves the pool for its first call and never returns (afterwards it is parked under its reuse key
 * or killed, see ReusePool); taking one starts a replacement in the background. Idle processes are unref'd
 * (they never keep the server alive) and exit on their own when the server dies, because their stdin closes.
 * Processes that die while idle are dropped, not respawned, so a broken setup cannot turn into a spawn loop;
 * the next `take` refills.
 */
export class WarmPool {
  private readonly idle: RunnerProcess[] = [];
  private readonly spawning = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly size: number,
    /** Fixed at spawn: requests must match these (memory, CPU limit) to use a warm process. */
    readonly spawnOptions: RunnerSpawnOptions,
  ) {}

  /** Spawns processes until `size` are idle or starting. */
  fill(): void {
    while (!this.closed && this.idle.length + this.spawning.size < this.size) {
      const started = RunnerProcess.spawn(this.spawnOptions).then(
        (proc) => this.adopt(proc),
        () => {},
      );
      this.spawning.add(started);
      void started.finally(() => this.spawning.delete(started));
    }
  }

  /**
   * Takes an idle process, preferring one that has finished booting; `warm` is false when only a
   * still-booting process was available (it still beats a fresh spawn). Undefined when the pool is empty.
   */
  take(): { proc: RunnerProcess; warm: boolean } | undefined {
    let index = this.idle.findIndex((p) => p.ready && !p.exited);
    if (index === -1) index = this.idle.findIndex((p) => !p.exited);
    const proc = index === -1 ? undefined : this.idle.splice(index, 1)[0];
    setImmediate(() => this.fill()); // Replace it after the caller has sent its request.
    return proc ? { proc, warm: proc.ready } : undefined;
  }

  /** Fills the pool and resolves once the processes present now are ready (or gone). */
  async whenWarm(): Promise<void> {
    this.fill();
    const keepAlive = setInterval(() => {}, 1000); // Idle processes are unref'd; hold the loop while waiting.
    try {
      await Promise.all([...this.spawning]);
      await Promise.all(this.idle.map((p) => p.whenReady));
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Stops refilling and kills every idle process; resolves once they are reaped (bounded wait). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.spawning]);
    const procs = this.idle.splice(0);
    for (const proc of procs) {
      proc.setRef(true); // Idle processes are unref'd; their exit must keep the loop alive until reaped.
      proc.killGroup();
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(procs.map((p) => p.whenClosed)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private adopt(proc: RunnerProcess): void {
    if (this.closed) {
      proc.killGroup();
      return;
    }
    proc.setRef(false);
    this.idle.push(proc);
    const drop = (): void => {
      const index = this.idle.indexOf(proc);
      if (index !== -1) this.idle.splice(index, 1);
    };
    proc.child.once('exit', drop);
    proc.child.once('error', drop); // A failed spawn emits 'error' and never 'exit'.
  }
}
