import type { PlannedNode, RunError } from '@switchyard/shared';
import { and, eq } from 'drizzle-orm';
import { runNodes } from '../db/schema.ts';
import { NodeError } from '../executors/executor.ts';
import { executorFor } from '../executors/index.ts';
import type { Runtimes } from '../runtimes/index.ts';
import type { NodeState } from './port-values.ts';
import type { RunWriter } from './run-writer.ts';

export interface RunNodeContext {
  runId: string;
  runInput: unknown;
  writer: RunWriter;
  runtimes: Runtimes;
  /** Aborted on cancel, shutdown or lost lease; `signal.reason` says which. */
  signal: AbortSignal;
}

/** Grace beyond a node's own timeout before the engine aborts it (the runtime normally stops it first). */
const TIMEOUT_GRACE_MS = 2_000;
const DEFAULT_NODE_TIMEOUT_MS = 5 * 60_000;

/**
 * Executes one node with its retries. Each finished attempt is committed (the checkpoint) before this
 * resolves, so successors only start from durable state. The state object is updated in place.
 */
export async function runNode(
  ctx: RunNodeContext,
  node: PlannedNode,
  state: NodeState,
  inputs: Record<string, unknown>,
): Promise<void> {
  const executor = executorFor(node.type);
  const where = and(eq(runNodes.runId, ctx.runId), eq(runNodes.nodeId, node.id));
  const timeoutMs = ((node.config as { timeoutMs?: number }).timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS) + TIMEOUT_GRACE_MS;
  let failures = 0;
  for (;;) {
    if (ctx.signal.aborted) return;
    state.attempts += 1;
    state.status = 'running';
    const attempt = state.attempts;
    const started = performance.now();
    // Not awaited: "started" is informative; the checkpoint below is ordered after it by the writer.
    void ctx.writer
      .commit([{ type: 'node.started', nodeId: node.id, payload: { attempt, runtime: null } }], (tx) =>
        tx
          .update(runNodes)
          .set({ status: 'running', attempts: attempt, startedAt: new Date(), finishedAt: null, error: null })
          .where(where),
      )
      .catch(() => {});

    const attemptSignal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    let outcome: { output: unknown; runtime?: string } | { error: RunError; runtime?: string };
    try {
      if (!executor) throw new NodeError('unknown_node_type', `no executor for node type "${node.type}"`);
      outcome = await executor({
        runId: ctx.runId,
        node,
        config: node.config as never,
        inputs,
        runInput: ctx.runInput,
        signal: attemptSignal,
        log: (stream, line) => ctx.writer.log(node.id, stream, line),
        runtimes: ctx.runtimes,
      });
    } catch (err) {
      outcome = { error: toRunError(node.id, err, attemptSignal), runtime: err instanceof NodeError ? err.runtime : undefined };
    }
    const durationMs = Math.round(performance.now() - started);
    if (ctx.signal.aborted) {
      if (ctx.signal.reason === 'cancelled') await markCancelled(ctx, node, state, 'the run was cancelled');
      return;
    }
    if (!('error' in outcome)) {
      state.status = 'succeeded';
      state.output = outcome.output ?? null;
      await ctx.writer.commit([{ type: 'node.succeeded', nodeId: node.id, payload: { attempt, durationMs } }], (tx) =>
        tx
          .update(runNodes)
          .set({ status: 'succeeded', output: state.output, runtime: outcome.runtime ?? null, finishedAt: new Date() })
          .where(where),
      );
      return;
    }
    failures += 1;
    const willRetry = failures <= node.settings.retries;
    const retryInMs = willRetry ? node.settings.retryBackoffMs * 2 ** (failures - 1) : undefined;
    state.error = outcome.error;
    if (!willRetry) state.status = 'failed';
    await ctx.writer.commit(
      [{ type: 'node.failed', nodeId: node.id, payload: { attempt, durationMs, error: outcome.error, willRetry, retryInMs } }],
      (tx) =>
        tx
          .update(runNodes)
          .set({
            status: willRetry ? 'running' : 'failed',
            error: outcome.error,
            runtime: outcome.runtime ?? null,
            finishedAt: willRetry ? null : new Date(),
          })
          .where(where),
    );
    if (!willRetry) return;
    await sleep(retryInMs ?? 0, ctx.signal);
  }
}

export async function markCancelled(ctx: RunNodeContext, node: PlannedNode, state: NodeState, reason: string): Promise<void> {
  state.status = 'cancelled';
  await ctx.writer.commit([{ type: 'node.cancelled', nodeId: node.id, payload: { reason } }], (tx) =>
    tx
      .update(runNodes)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(and(eq(runNodes.runId, ctx.runId), eq(runNodes.nodeId, node.id))),
  );
}

function toRunError(nodeId: string, err: unknown, signal: AbortSignal): RunError {
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
    return { code: 'timeout', message: 'the node did not finish within its timeout', nodeId };
  }
  if (err instanceof NodeError)
    return { code: err.code, message: err.message, nodeId, ...(err.userStack ? { stack: err.userStack } : {}) };
  return { code: 'executor_error', message: err instanceof Error ? err.message : String(err), nodeId };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
