import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import type { RunnerProcess } from './runner-process.ts';

const MiB = 1024 * 1024;

/** How often a call's runner is sampled, in ms: a runner allocating ~1 GiB/s overshoots by ~50 MiB at most. */
export const MEMORY_SAMPLE_MS = 50;

/**
 * Fixed room on top of twice `memoryMb`, in MiB: what a runner touches for itself during a call without the
 * code asking (V8's young generation and compiled code, buffers for its pipes).
 */
export const MEMORY_SLACK_MB = 64;

/** Most processes one sample visits; a tree larger than this is cut short (the pid limits bound it first). */
const MAX_TREE = 256;

/**
 * Anonymous resident bytes a call may add to its runner with `memoryMb`: the engine's own limit, as much again
 * outside it (ArrayBuffers, Buffers, strings held by the runner's JavaScript, Pyodide's FFI copies) and the slack.
 */
export function memoryAllowanceBytes(memoryMb: number): number {
  return (2 * memoryMb + MEMORY_SLACK_MB) * MiB;
}

/** A watch over one call's runner; `stop` once the call is over. */
export interface MemoryWatch {
  stop(): void;
  /** Samples once now: true when the tree is past the call's ceiling (the process must not be reused). */
  exceeded(): boolean;
}

/** Anonymous resident bytes of each process before its first call: what it may never grow far past. */
const readyBaselines = new WeakMap<RunnerProcess, number>();
/**
 * The pids of each process's own chain (bubblewrap's, the runner), walked before its first call; they live as
 * long as it does, so a later call's start reads only their sizes. Descendants the code starts are found by the
 * rewalks during a call and are not kept (their pids may be reused once they end).
 */
const knownTrees = new WeakMap<RunnerProcess, number[]>();
/** Every this many samples the tree is walked again, through every thread, for processes the code started. */
const REWALK_EVERY = 4;

/**
 * Samples the anonymous resident memory of `proc`'s whole process tree (bubblewrap, the runner, anything it
 * started) every MEMORY_SAMPLE_MS and calls `onExceeded` once when it passes the call's ceiling: its size when
 * the call started plus the allowance for `memoryMb`, and never more than its size before its first call plus
 * the allowance for the memory it was spawned with (so a reused process cannot ratchet up call by call). The
 * engines' own limits bound their heaps; this bounds everything else the runner's JavaScript can allocate,
 * which the kernel's address-space limit bounds only loosely (wasm memories reserve gigabytes of it). The
 * caller must kill the process when told: it is never reused.
 */
export function watchMemory(proc: RunnerProcess, memoryMb: number, onExceeded: (message: string) => void): MemoryWatch {
  const pid = proc.pid;
  if (pid === undefined || proc.exited) return { stop() {}, exceeded: () => false };
  // Before the first request nothing but the runner's own chain exists: main threads suffice.
  const chain = knownTrees.get(proc) ?? walkTree(pid, false);
  knownTrees.set(proc, chain);
  let tree = chain;
  const start = anonBytes(tree);
  let ready = readyBaselines.get(proc);
  if (ready === undefined) {
    ready = start;
    readyBaselines.set(proc, start);
  }
  const ceiling = Math.min(start + memoryAllowanceBytes(memoryMb), ready + memoryAllowanceBytes(proc.limits.memoryMb));
  let samples = 0;
  const timer = setInterval(() => {
    if (proc.exited) return;
    samples += 1;
    if (samples % REWALK_EVERY === 0) tree = walkTree(pid, true);
    const now = anonBytes(tree);
    if (now <= ceiling) return;
    clearInterval(timer);
    onExceeded(
      `the code ran out of memory: its process grew by ${Math.round((now - start) / MiB)} MiB, past what memoryMb ` +
        `${memoryMb} allows (${Math.round((ceiling - start) / MiB)} MiB: the limit, as much again outside the ` +
        `engine's heap, and ${MEMORY_SLACK_MB} MiB for the runner)`,
    );
  }, MEMORY_SAMPLE_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), exceeded: () => !proc.exited && anonBytes(tree) > ceiling };
}

/** Bytes per page in /proc/<pid>/statm, read off this process's own figures once. */
let pageBytes: number | undefined;

function pageSize(): number {
  if (pageBytes !== undefined) return pageBytes;
  pageBytes = 4096;
  try {
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    const guess = (kb * 1024) / pages;
    // The two reads are not atomic: take the nearest page size Linux uses.
    pageBytes = [4096, 16384, 65536].reduce((best, p) => (Math.abs(p - guess) < Math.abs(best - guess) ? p : best));
  } catch {
    // No procfs: every sample reads 0 and the watch never fires.
  }
  return pageBytes;
}

/**
 * `root` and its descendants, found through the `children` lists of each process's main thread, or of every
 * thread with `allThreads` (a child started from a worker thread is listed under that thread). Sync reads:
 * procfs answers from kernel state without waiting on the processes it describes.
 */
export function walkTree(root: number, allThreads: boolean): number[] {
  const found: number[] = [];
  const todo = [root];
  while (todo.length > 0 && found.length < MAX_TREE) {
    const pid = todo.pop() as number;
    found.push(pid);
    try {
      const threads = allThreads ? readdirSync(`/proc/${pid}/task`) : [String(pid)];
      for (const tid of threads) {
        const children = readProc(`/proc/${pid}/task/${tid}/children`, true);
        for (const child of children.split(/\s+/)) if (child !== '') todo.push(Number(child));
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Anonymous resident bytes (resident minus file-backed and shared pages: RssAnon) of `pids`; an ended one counts 0. */
export function anonBytes(pids: readonly number[]): number {
  let pages = 0;
  for (const pid of pids) {
    try {
      const [, resident, shared] = readProc(`/proc/${pid}/statm`, false).split(' ');
      pages += Math.max(0, Number(resident) - Number(shared));
    } catch {
      // Gone.
    }
  }
  return pages * pageSize();
}

const scratch = Buffer.alloc(4096);

/**
 * A procfs file's text, with a third of readFileSync's system calls (no fstat; a statm line fits one read).
 * `whole`: read until the end (a children list can be long).
 */
function readProc(file: string, whole: boolean): string {
  const fd = openSync(file, 'r');
  try {
    let text = '';
    for (;;) {
      const n = readSync(fd, scratch, 0, scratch.length, null);
      text += scratch.toString('latin1', 0, n);
      if (n === 0 || !whole) return text;
    }
  } finally {
    closeSync(fd);
  }
}
