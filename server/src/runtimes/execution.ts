import { classifyExit } from './exit-classifier.ts';
import { LineSplitter } from './line-splitter.ts';
import { ByteTail, LogSink } from './log-sink.ts';
import { ResultChannel } from './result-channel.ts';
import type { RunnerProcess } from './runner-process.ts';
import type { ExecError, ExecStatus, ExecuteRequest, ExecuteResult } from './runtime.ts';

/** Backend name reported by the node runtime. */
export const NODE_BACKEND = 'node-process';

/** How long to wait for the pipes to close after the child exited (a grandchild may hold them). */
const CLOSE_GRACE_MS = 1000;

/** Everything one execution needs; the process is used for this execution only. */
export interface ExecutionPlan {
  proc: RunnerProcess;
  request: ExecuteRequest;
  /** The runner's request as one JSON line (no trailing newline). */
  payload: string;
  signal: AbortSignal;
  /** `performance.now()` when `execute` was called; the wall-clock limit counts from here. */
  startedAt: number;
  cold: boolean;
}

type Forced = { status: ExecStatus; error: ExecError };

/**
 * Drives one execution: sends the request, streams log lines to `onLog` as they arrive, enforces the
 * wall-clock limit, abort and output cap by SIGKILLing the process group, and resolves (never rejects)
 * after the process has exited and its pipes are drained, so every log line is delivered before the result.
 * Log lines past `maxLogBytes` are dropped but the pipes keep being drained, so the child never blocks on a
 * full pipe; its run stays bounded by the wall-clock limit.
 */
export function runExecution(plan: ExecutionPlan): Promise<ExecuteResult> {
  const { proc, request, signal } = plan;
  return new Promise((resolve) => {
    const sink = new LogSink(request.onLog, request.maxLogBytes);
    const stderrTail = new ByteTail();
    const stdout = new LineSplitter((line) => sink.line('stdout', line));
    const stderr = new LineSplitter((line) => sink.line('stderr', line));
    const channel = new ResultChannel(request.maxOutputBytes);
    let forced: Forced | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    let limitTimer: NodeJS.Timeout | undefined;
    let settled = false;

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
      clearTimeout(graceTimer);
      proc.killGroup();
      if (!sink.truncated) {
        stdout.flush();
        stderr.flush();
      }
      const outcome: Pick<ExecuteResult, 'status' | 'output' | 'error'> = forced
        ? forced
        : spawnError
          ? { status: 'failed', error: { code: 'spawn_failed', message: `could not start the runner: ${spawnError.message}` } }
          : settleOutcome(channel, request, exit, stderrTail);
      resolve({
        ...outcome,
        durationMs: Math.round(performance.now() - plan.startedAt),
        logsTruncated: sink.truncated,
        runtime: 'node',
        backend: NODE_BACKEND,
        cold: plan.cold,
      });
    };

    proc.setRef(true);
    proc.stdout.on('data', (chunk: Buffer) => {
      if (!sink.truncated) stdout.push(chunk);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderrTail.push(chunk);
      if (!sink.truncated) stderr.push(chunk);
    });
    // The runner closes stdout/stderr before sending its result: result + both EOFs means every log line is
    // in, so the call need not wait for the process to be torn down (it is SIGKILLed in `finish`).
    let openStreams = 2;
    const onStreamEnd = (): void => {
      openStreams -= 1;
      if (openStreams === 0 && channel.complete) finish();
    };
    proc.stdout.once('end', onStreamEnd);
    proc.stderr.once('end', onStreamEnd);
    proc.onChannel((chunk) => {
      if (!channel.push(chunk)) {
        force('output_too_large', {
          code: 'output_too_large',
          message: `the return value is larger than the ${request.maxOutputBytes}-byte output limit`,
        });
      }
    });
    proc.onChannelEnd(() => {
      channel.end();
      if (!channel.complete) return;
      // The result is in: stop the limits and end the process (its pipes still drain buffered log lines).
      stopLimits();
      if (openStreams === 0) finish();
      else proc.killGroup();
    });
    proc.child.on('error', (err) => {
      spawnError = err;
      finish();
    });
    proc.child.on('exit', (code, sig) => {
      exit = { code, signal: sig };
      if (settled) return;
      graceTimer = setTimeout(() => {
        for (const stream of proc.child.stdio) stream?.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    proc.child.on('close', finish);

    const remaining = Math.max(0, request.timeoutMs - (performance.now() - plan.startedAt));
    limitTimer = setTimeout(
      () => force('timeout', { code: 'timeout', message: `timed out after ${request.timeoutMs} ms` }),
      remaining,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return onAbort();
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
    try {
      return { status: 'succeeded', output: JSON.parse(outcome.outputText) as unknown };
    } catch {
      return {
        status: 'failed',
        error: { code: 'protocol_error', message: 'the runner returned output that is not valid JSON' },
      };
    }
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
