import { EndMarkerScanner, endMarker } from './end-marker.ts';
import { classifyExit } from './exit-classifier.ts';
import { LineSplitter } from './line-splitter.ts';
import { ByteTail, LogSink } from './log-sink.ts';
import { type MemoryWatch, watchMemory } from './memory-watch.ts';
import { checkedOutput } from './output-shape.ts';
import { ResultChannel, type RunnerStats } from './result-channel.ts';
import type { OutputSource, RunnerProcess } from './runner-process.ts';
import type { ExecError, ExecStatus, ExecuteRequest, ExecuteResult } from './runtime.ts';

/** Backend name reported by the node runtime. */
export const NODE_BACKEND = 'node-process';

/** How long to wait for the pipes to close after the child exited (a grandchild may hold them). */
const CLOSE_GRACE_MS = 1000;

/** Everything one execution needs; the process belongs to this execution until it resolves. */
export interface ExecutionPlan {
  proc: RunnerProcess;
  request: ExecuteRequest;
  /** The runner's request as one JSON line (no trailing newline), carrying `nonce`. */
  payload: string;
  /** The call's nonce: it ends the call's output on stdout/stderr and must sign the result frame. */
  nonce: string;
  signal: AbortSignal;
  /** `performance.now()` when `execute` was called; the wall-clock limit counts from here. */
  startedAt: number;
  cold: boolean;
  /** The process already served an earlier call. */
  reused: boolean;
}

/** The call's result, and whether its process may serve another call. */
export interface ExecutionOutcome {
  result: ExecuteResult;
  /**
   * True when the call succeeded and the process is alive, idle and clean (both end markers, a trusted frame,
   * nothing stray, no log truncation, the runner's own verdict). The caller must then park or retire the
   * process; otherwise it has already been killed.
   */
  reusable: boolean;
  /** What the runner reported about its process with the frame. */
  stats?: RunnerStats;
}

type Forced = { status: ExecStatus; error: ExecError };

/**
 * Drives one call on a runner process: sends the request, streams log lines to `onLog` as they arrive,
 * enforces the wall-clock limit, abort and output cap by SIGKILLing the process group, and resolves (never
 * rejects) once the result frame and both end markers are in (or the process has exited and its pipes are
 * drained), so every log line is delivered before the result. Log lines past `maxLogBytes` are dropped but the
 * pipes keep being drained, so the child never blocks on a full pipe; its run stays bounded by the limit.
 */
export function runExecution(plan: ExecutionPlan): Promise<ExecutionOutcome> {
  const { proc, request, signal } = plan;
  return new Promise((resolve) => {
    const sink = new LogSink(request.onLog, request.maxLogBytes);
    const stderrTail = new ByteTail();
    const marker = endMarker(plan.nonce);
    const splitters = {
      stdout: new LineSplitter((line) => sink.line('stdout', line)),
      stderr: new LineSplitter((line) => sink.line('stderr', line)),
    };
    const scanners = {
      stdout: new EndMarkerScanner(marker, (bytes) => {
        if (!sink.truncated) splitters.stdout.push(bytes);
      }),
      stderr: new EndMarkerScanner(marker, (bytes) => {
        stderrTail.push(bytes);
        if (!sink.truncated) splitters.stderr.push(bytes);
      }),
    };
    const ended = { stdout: false, stderr: false };
    const channel = new ResultChannel(request.maxOutputBytes, plan.nonce);
    let forced: Forced | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let limitTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const streamsDone = (): boolean => (scanners.stdout.found || ended.stdout) && (scanners.stderr.found || ended.stderr);
    let memory: MemoryWatch | undefined;
    const stopLimits = (): void => {
      clearTimeout(limitTimer);
      signal.removeEventListener('abort', onAbort);
    };
    const force = (status: ExecStatus, error: ExecError): void => {
      if (forced || settled || channel.complete) return;
      forced = { status, error };
      stopLimits();
      proc.killGroup();
    };
    const onAbort = (): void => force('cancelled', { code: 'cancelled', message: 'execution was cancelled' });

    const finish = (): void => {
      if (settled) return;
      settled = true;
      stopLimits();
      memory?.stop();
      clearTimeout(graceTimer);
      if (!sink.truncated) {
        splitters.stdout.flush();
        splitters.stderr.flush();
      }
      const outcome: Pick<ExecuteResult, 'status' | 'output' | 'error'> = forced
        ? forced
        : spawnError
          ? { status: 'failed', error: { code: 'spawn_failed', message: `could not start the runner: ${spawnError.message}` } }
          : settleOutcome(channel, request, exit, stderrTail);
      const stats = channel.stats();
      const reusable =
        outcome.status === 'succeeded' &&
        !exit &&
        !proc.exited &&
        !proc.dirty &&
        scanners.stdout.found &&
        scanners.stderr.found &&
        !scanners.stdout.stray &&
        !scanners.stderr.stray &&
        !channel.stray &&
        !sink.truncated &&
        stats?.reusable === true &&
        memory?.exceeded() !== true; // A call that ended before a sample caught it still leaves a big process.
      if (reusable) proc.unwatch();
      else proc.retire();
      resolve({
        result: {
          ...outcome,
          durationMs: Math.round(performance.now() - plan.startedAt),
          logsTruncated: sink.truncated,
          runtime: 'node',
          backend: NODE_BACKEND,
          cold: plan.cold,
          reused: plan.reused,
        },
        reusable,
        ...(stats ? { stats } : {}),
      });
    };

    /** Finishes once the frame and both streams' ends are in; a complete frame stops the limits. */
    const progress = (): void => {
      if (settled) return;
      if (channel.complete) {
        stopLimits();
        // The runner flushes its markers before the frame, so they are in the pipes; if they still do not come
        // (the code closed or redirected its stdout), end the process: its pipes then close and `close` finishes.
        if (streamsDone()) finish();
        else graceTimer ??= setTimeout(() => proc.killGroup(), CLOSE_GRACE_MS);
      } else if (channel.invalid && streamsDone()) {
        finish(); // A forged frame (user code wrote to fd 3) hides the runner's; its markers say the call ended.
      }
    };

    const onOutput = (source: OutputSource, chunk: Buffer): void => {
      if (source !== 'channel') scanners[source].push(chunk);
      else if (!channel.push(chunk)) {
        force('output_too_large', {
          code: 'output_too_large',
          message: `the return value is larger than the ${request.maxOutputBytes}-byte output limit`,
        });
      }
      progress();
    };
    const onOutputEnd = (source: OutputSource): void => {
      if (source === 'channel') channel.end();
      else {
        ended[source] = true;
        scanners[source].end();
      }
      progress();
    };

    proc.setRef(true);
    proc.watch({
      output: onOutput,
      outputEnd: onOutputEnd,
      error: (err) => {
        spawnError = err;
        finish();
      },
      exit: (code, sig) => {
        exit = { code, signal: sig };
        if (settled) return;
        clearTimeout(graceTimer);
        graceTimer = setTimeout(() => {
          for (const stream of proc.child.stdio) stream?.destroy();
          finish();
        }, CLOSE_GRACE_MS);
      },
      close: finish,
    });
    if (settled) return; // The process was already gone (its events were replayed by `watch`).

    const remaining = Math.max(0, request.timeoutMs - (performance.now() - plan.startedAt));
    limitTimer = setTimeout(
      () => force('timeout', { code: 'timeout', message: `timed out after ${request.timeoutMs} ms` }),
      remaining,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return onAbort();
    // The engines bound their heaps; this bounds the rest of the runner (memory-watch.ts), until the call is
    // over: work the code left running after its result (timers, tasks) is ended too, and never reused.
    memory = watchMemory(proc, request.memoryMb, (message) => {
      if (channel.complete) proc.killGroup();
      else force('out_of_memory', { code: 'out_of_memory', message });
    });
    proc.calls += 1;
    proc.stdin.write(`${plan.payload}\n`);
  });
}

/** Turns what the channel and the exit status say into status/output/error (no forced outcome applies). */
function settleOutcome(
  channel: ResultChannel,
  request: ExecuteRequest,
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined,
  stderrTail: ByteTail,
): Pick<ExecuteResult, 'status' | 'output' | 'error'> {
  const outcome = channel.outcome();
  if (outcome?.kind === 'result') {
    let output: unknown;
    try {
      output = JSON.parse(outcome.outputText);
    } catch {
      return {
        status: 'failed',
        error: { code: 'protocol_error', message: 'the runner returned output that is not valid JSON' },
      };
    }
    return checkedOutput(output);
  }
  if (outcome?.kind === 'error') {
    const status: ExecStatus = outcome.code === 'output_too_large' ? 'output_too_large' : 'failed';
    return {
      status,
      error: { code: outcome.code, message: outcome.message, ...(outcome.stack ? { stack: outcome.stack } : {}) },
    };
  }
  if (outcome?.kind === 'invalid') {
    return { status: 'failed', error: { code: 'protocol_error', message: outcome.reason } };
  }
  return classifyExit(exit?.code ?? null, exit?.signal ?? null, stderrTail, request.memoryMb);
}
