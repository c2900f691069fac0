import { readdirSync, readFileSync } from 'node:fs';
import type { ExecuteRequest, ExecuteResult, LogLine, Runtime } from './runtime.ts';

/** A result plus every log line the call delivered through `onLog`. */
export type Run = ExecuteResult & { logs: LogLine[] };

/** A JavaScript request with test-friendly limits; `overrides` win. */
export function request(code: string, overrides: Partial<ExecuteRequest> = {}): ExecuteRequest {
  return {
    language: 'javascript',
    code,
    inputs: {},
    timeoutMs: 5000,
    maxOutputBytes: 1_000_000,
    maxLogBytes: 100_000,
    memoryMb: 256,
    env: {},
    onLog: () => {},
    ...overrides,
  };
}

/** Executes `code` on `runtime`, collecting its log lines. */
export async function runOn(
  runtime: Runtime,
  code: string,
  overrides: Partial<ExecuteRequest> = {},
  signal = new AbortController().signal,
): Promise<Run> {
  const logs: LogLine[] = [];
  const result = await runtime.execute(request(code, { ...overrides, onLog: (l) => logs.push(l) }), signal);
  return { ...result, logs };
}

/** True if `pid` is a live (non-zombie) process. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `check` every 50 ms for up to `ms`; its last answer. */
export async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Pids whose parent is `ppid`, read from /proc. */
export function readdirChildren(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {
      // The process ended while scanning.
    }
  }
  return out;
}

/** The host's event loop stays responsive while `attack` runs: worst timer lag in ms, sampled every 20 ms. */
export async function hostLagDuring(attack: Promise<unknown>): Promise<number> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  await attack;
  clearInterval(timer);
  return worst;
}
