import type { PlannedNode, RunError } from '@switchyard/shared';
import { NodeError, type RunScope, type Services } from '../executors/executor.ts';
import { executorFor } from '../executors/index.ts';
import type { NodeState } from './port-values.ts';
import type { Change, RunWriter, UnrecordableError } from './run-writer.ts';

export interface RunNodeContext {
  run: RunScope;
  /** Passed to every executor unchanged. */
  services: Services;
  writer: RunWriter;
  /** Aborted on cancel, shutdown or lost lease; `signal.reason` says which. */
  signal: AbortSignal;
}

/** Grace beyond a node's own timeout before the engine aborts it (the runtime normally stops it first). */
const TIMEOUT_GRACE_MS = 2_000;

const now = () => new Date().toISOString();

/**
 * Executes one node with its retries. Each finished attempt is committed (the checkpoint) before this
 * resolves, so successors only start from durable state. `state` is updated in place.
 */
export async function runNode(
  ctx: RunNodeContext,
  node: PlannedNode,
  state: NodeState,
  inputs: Record<string, unknown>,
): Promise<void> {
  const executor = executorFor(ctx.services.nodes, node.type);
  const timeoutMs = node.traits.timeoutMs + TIMEOUT_GRACE_MS;
  let failures = 0;
  for (;;) {
    if (ctx.signal.aborted) return;
    Object.assign(state, { status: 'running', attempts: state.attempts + 1, startedAt: now(), finishedAt: null, error: null });
    const attempt = state.attempts;
    const started = performance.now();
    // Not awaited: "started" is informative; the writer orders the checkpoint after it (often in the same write).
    ctx.writer
      .write(
        { events: [{ type: 'node.started', nodeId: node.id, payload: { attempt, runtime: null } }], nodes: [state] },
        { lazy: true },
      )
      .catch(() => {});

    const attemptSignal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    let outcome: { output: unknown; runtime?: string } | { error: RunError; runtime?: string };
    try {
      if (!executor) throw new NodeError('unknown_node_type', `no executor for node type "${node.type}"`);
      const result = await executor.run({
        node,
        config: node.config,
        inputs,
        run: ctx.run,
        services: ctx.services,
        signal: attemptSignal,
        log: (stream, line) => ctx.writer.log(node.id, stream, line),
        decided: (payload) => {
          // Lazy like node.started: ordered before the node's outcome, usually in the same write.
          ctx.writer.write({ events: [{ type: 'node.runtime', nodeId: node.id, payload }] }, { lazy: true }).catch(() => {});
        },
      });
      if (node.traits.branches) checkBranchResult(node, result.output);
      outcome = result;
    } catch (err) {
      outcome = { error: toRunError(node.id, err, attemptSignal), runtime: err instanceof NodeError ? err.runtime : undefined };
    }
    const durationMs = Math.round(performance.now() - started);
    state.runtime = outcome.runtime ?? null;
    if (ctx.signal.aborted) {
      if (ctx.signal.reason === 'cancelled') await markCancelled(ctx, state, 'the run was cancelled');
      return;
    }
    if (!('error' in outcome)) {
      Object.assign(state, { status: 'succeeded', output: outcome.output ?? null, finishedAt: now() });
      const refused = await ctx.writer.record({
        events: [{ type: 'node.succeeded', nodeId: node.id, payload: { attempt, durationMs } }],
        nodes: [state],
      });
      if (!refused) return;
      // A result that cannot be stored fails the node, saying why, instead of crashing the run into a
      // resume at every lease expiry.
      Object.assign(state, { output: null, finishedAt: null });
      outcome = { error: unrecordable(node.id, 'result', refused), runtime: outcome.runtime };
    }
    failures += 1;
    const willRetry = failures <= node.settings.retries;
    const retryInMs = willRetry ? node.settings.retryBackoffMs * 2 ** (failures - 1) : undefined;
    const failed = (error: RunError): Change => ({
      events: [{ type: 'node.failed', nodeId: node.id, payload: { attempt, durationMs, error, willRetry, retryInMs } }],
      nodes: [Object.assign(state, { error })],
    });
    Object.assign(state, { status: willRetry ? 'running' : 'failed', finishedAt: willRetry ? null : now() });
    const refused = await ctx.writer.record(failed(outcome.error));
    // The error itself could not be stored: record one that carries nothing of the code's. Refused again, the
    // database itself is failing: the write throws and the run is resumed from its checkpoints elsewhere.
    if (refused) await ctx.writer.write(failed(unrecordable(node.id, 'error', refused)));
    if (!willRetry) return;
    await sleep(retryInMs ?? 0, ctx.signal);
    // Cancelled while waiting to retry: the node ends here, and says so like one whose code was stopped.
    if (ctx.signal.aborted) {
      if (ctx.signal.reason === 'cancelled') await markCancelled(ctx, state, 'the run was cancelled');
      return;
    }
  }
}

/**
 * A branching node's result must be an object keyed by its own output ports: anything else would leave every port
 * untaken and skip everything downstream silently, so it fails the node instead.
 */
function checkBranchResult(node: PlannedNode, output: unknown): void {
  const ports = node.ports.outputs.map((p) => p.name);
  const keys = output !== null && typeof output === 'object' && !Array.isArray(output) ? Object.keys(output) : null;
  const unknown = keys?.filter((k) => !ports.includes(k)) ?? [];
  if (keys === null || unknown.length > 0)
    throw new NodeError(
      'invalid_branch_output',
      `a branching node must return an object keyed by its output ports (${ports.join(', ')}); got ${
        keys === null
          ? Array.isArray(output)
            ? 'an array'
            : String(output === null ? 'null' : typeof output)
          : `key "${unknown[0]}"`
      }`,
    );
}

/** Records a node as cancelled (running code was already stopped through the signal). */
export async function markCancelled(ctx: RunNodeContext, state: NodeState, reason: string): Promise<void> {
  Object.assign(state, { status: 'cancelled', finishedAt: now() });
  await ctx.writer.write({ events: [{ type: 'node.cancelled', nodeId: state.nodeId, payload: { reason } }], nodes: [state] });
}

/** Why a node failed when its outcome could not be stored (the database's reason, clipped). */
function unrecordable(nodeId: string, what: 'result' | 'error', err: UnrecordableError): RunError {
  return { code: 'result_unrecordable', message: `the node's ${what} could not be stored: ${err.message}`, nodeId };
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
