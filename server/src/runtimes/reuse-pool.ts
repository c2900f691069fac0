import type { RunnerProcess, RunnerWatcher } from './runner-process.ts';

/** Limits of the idle reuse pool; see NodeProcessRuntimeOptions for their meaning and defaults. */
export interface ReusePoolLimits {
  /** A parked process idle longer than this (ms) is retired. */
  idleMs: number;
  /** A process that has served this many calls is retired instead of parked. */
  maxCalls: number;
  /** Most processes parked at once (all keys together); the least recently parked is retired beyond it. */
  maxIdle: number;
}

/** CPU a call may need beyond its wall-clock limit before the kernel limit would hit it, in ms. */
const CPU_SLACK_MS = 2000;
/** How long `close` waits for killed processes to be reaped. */
const CLOSE_WAIT_MS = 2000;
const MIB = 1024 * 1024;

interface Parked {
  proc: RunnerProcess;
  slot: string;
  timer: NodeJS.Timeout;
}

/**
 * Processes that just finished a successful call, parked idle under their reuse key so the next call with the
 * same key (and heap limit) skips a process start. Contract: a process is only ever handed to calls of the key
 * it served, one call at a time, and never after a failed or unclean call (the caller only parks `reusable`
 * outcomes). It is retired (SIGKILLed) instead when it has served `maxCalls`, used more than half its kernel CPU
 * budget or half its heap limit, sat idle for `idleMs`, was evicted (LRU beyond `maxIdle`), or made any sound
 * while parked. Parked processes are unref'd and, like idle warm ones, exit on their own when the server dies
 * (their stdin closes).
 */
export class ReusePool {
  /** Parked processes per `memoryMb:key` slot, most recently parked last (taken LIFO). */
  private readonly slots = new Map<string, Parked[]>();
  /** Every parked process, least recently parked first. */
  private readonly lru = new Set<Parked>();
  /** Retired processes not yet reaped (awaited by `close`). */
  private readonly dying = new Set<RunnerProcess>();
  private closed = false;

  constructor(private readonly limits: ReusePoolLimits) {}

  /** Number of processes parked now. */
  get size(): number {
    return this.lru.size;
  }

  /** Parks `proc` (alive, unwatched, after a successful clean call) under `key`, or retires it; true if parked. */
  park(proc: RunnerProcess, key: string): boolean {
    const usage = proc.usage;
    const { memoryMb, cpuLimitSec } = proc.limits;
    const worn =
      !usage ||
      proc.calls >= this.limits.maxCalls ||
      usage.cpuUs > (cpuLimitSec * 1e6) / 2 ||
      usage.heapUsed > (memoryMb * MIB) / 2;
    if (this.closed || worn || proc.exited) {
      this.retire(proc);
      return false;
    }
    const slot = slotOf(key, memoryMb);
    const parked: Parked = { proc, slot, timer: setTimeout(() => this.evict(parked), this.limits.idleMs) };
    parked.timer.unref();
    proc.setRef(false);
    proc.watch(this.idleWatcher(parked));
    const stack = this.slots.get(slot) ?? [];
    stack.push(parked);
    this.slots.set(slot, stack);
    this.lru.add(parked);
    for (const oldest of this.lru) {
      if (this.lru.size <= this.limits.maxIdle) break;
      this.evict(oldest);
    }
    return this.lru.has(parked);
  }

  /**
   * Takes the most recently parked process of `key` with heap limit `memoryMb` whose remaining kernel CPU budget
   * covers `timeoutMs` plus slack (the rlimit is cumulative; such a process is retired, not used). The caller
   * owns it from here. Undefined when none fits.
   */
  take(key: string, memoryMb: number, timeoutMs: number): RunnerProcess | undefined {
    const stack = this.slots.get(slotOf(key, memoryMb));
    let parked = stack?.at(-1);
    while (parked) {
      this.remove(parked);
      const { proc } = parked;
      const remainingUs = proc.limits.cpuLimitSec * 1e6 - (proc.usage?.cpuUs ?? Number.POSITIVE_INFINITY);
      if (!proc.exited && remainingUs >= (timeoutMs + CPU_SLACK_MS) * 1000) {
        proc.unwatch();
        return proc;
      }
      this.retire(proc);
      parked = stack?.at(-1);
    }
    return undefined;
  }

  /** Retires every parked process and stops parking; resolves once they are reaped (bounded wait). */
  async close(): Promise<void> {
    this.closed = true;
    for (const parked of [...this.lru]) this.evict(parked);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.dying].map((p) => p.whenClosed)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Any output, end of a stream or exit while parked: the process is no longer clean. */
  private idleWatcher(parked: Parked): RunnerWatcher {
    const evict = (): void => this.evict(parked);
    return { output: evict, outputEnd: evict, exit: evict, close: evict, error: evict };
  }

  private evict(parked: Parked): void {
    if (!this.lru.has(parked)) return;
    this.remove(parked);
    this.retire(parked.proc);
  }

  private remove(parked: Parked): void {
    clearTimeout(parked.timer);
    this.lru.delete(parked);
    const stack = this.slots.get(parked.slot);
    const index = stack?.indexOf(parked) ?? -1;
    if (stack && index !== -1) stack.splice(index, 1);
    if (stack?.length === 0) this.slots.delete(parked.slot);
  }

  private retire(proc: RunnerProcess): void {
    proc.setRef(true); // Keep the loop alive until the killed process is reaped.
    proc.retire();
    this.dying.add(proc);
    void proc.whenClosed.then(() => this.dying.delete(proc));
  }
}

function slotOf(key: string, memoryMb: number): string {
  return `${memoryMb}:${key}`;
}
