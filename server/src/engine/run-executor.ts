import { compile, type ExecutionPlan, type PlannedNode, type RunError } from '@switchyard/shared';
import type { Services } from '../executors/executor.ts';
import { agentResolver } from '../registry/resolve-agent.ts';
import { releaseRun } from '../runtimes/index.ts';
import { RunSecrets, runActor } from '../secrets/run-secrets.ts';
import { anyInputTaken, blocks, gatherInputs, type NodeState, runOutput, SKIP } from './port-values.ts';
import { primeResumedSecrets } from './resumed-secrets.ts';
import { markCancelled, type RunNodeContext, runNode } from './run-node.ts';
import { claimRun, LeaseLostError, loadRunContext, type RunRow, releaseLease } from './run-store.ts';
import { type Change, type RunFinish, RunWriter } from './run-writer.ts';

export interface EngineDeps {
  /** The one services object (`createDeps`), handed to every executor unchanged. */
  services: Services;
  workerId: string;
  /** A lease not renewed for this long lets another worker take the run over. */
  leaseMs: number;
  /** How often a running run renews its lease (and checks for cancellation). */
  heartbeatMs: number;
}

/** Claims beyond this mean the run keeps killing its workers: fail it instead of looping forever. */
const MAX_CLAIMS = 5;

export type ExecuteOutcome = 'finished' | 'not_claimed' | 'released' | 'lease_lost';

/**
 * Executes (or resumes) one run on this worker: claim the lease, replay checkpoints, schedule nodes as
 * their predecessors finish (at most `plan.maxConcurrency` at once), then finish the run.
 * `onClaimed` fires once the lease is ours (the worker completes the queue job then).
 * Aborting `stop` with reason 'shutdown' hands the run back for another worker to resume.
 */
export async function executeRun(
  deps: EngineDeps,
  runId: string,
  options: { stop?: AbortSignal; onClaimed?: () => void } = {},
): Promise<ExecuteOutcome> {
  const { database, hub } = deps.services;
  const run = await claimRun(database.db, runId, deps.workerId, deps.leaseMs);
  if (!run) return 'not_claimed';
  options.onClaimed?.();
  const control = new AbortController();
  const cancel = () => control.abort('cancelled');
  const offCancel = hub.onCancel(runId, cancel);
  const onStop = () => control.abort(options.stop?.reason ?? 'shutdown');
  options.stop?.addEventListener('abort', onStop, { once: true });
  const loaded = await loadRunContext(database.db, run);
  const writer = new RunWriter(database, hub, runId, deps.workerId, deps.leaseMs, loaded.lastSeq, cancel);
  const heartbeat = setInterval(() => {
    writer.write({}, { lazy: true }).catch((err) => control.abort(err instanceof LeaseLostError ? 'lease_lost' : 'write_failed'));
  }, deps.heartbeatMs);
  try {
    if (run.cancelRequestedAt) cancel();
    if (options.stop?.aborted) onStop();
    const result = await drive(deps, run, loaded, writer, control.signal);
    await writer.drain();
    return result;
  } catch (err) {
    // Whatever went wrong, stop code still running for this run: its writes can no longer land. The
    // lease runs out and another worker resumes the run from its checkpoints.
    control.abort(err instanceof LeaseLostError ? 'lease_lost' : 'write_failed');
    if (err instanceof LeaseLostError || writer.failure instanceof LeaseLostError) return 'lease_lost';
    throw err;
  } finally {
    clearInterval(heartbeat);
    offCancel();
    options.stop?.removeEventListener('abort', onStop);
    if (control.signal.reason === 'shutdown') await releaseLease(database.db, runId, deps.workerId).catch(() => {});
  }
}

async function drive(
  deps: EngineDeps,
  run: RunRow,
  loaded: Awaited<ReturnType<typeof loadRunContext>>,
  writer: RunWriter,
  signal: AbortSignal,
): Promise<ExecuteOutcome> {
  const started = run.startedAt ?? new Date();
  // Nodes a dead worker left running start over.
  const states = new Map<string, NodeState>();
  for (const row of loaded.nodes) {
    states.set(row.nodeId, {
      nodeId: row.nodeId,
      status: row.status === 'running' ? 'pending' : row.status,
      attempts: row.attempts,
      runtime: row.runtime,
      output: row.output ?? null,
      error: (row.error as RunError | null) ?? null,
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
    });
  }
  await writer.write({
    events: [{ type: 'run.started', nodeId: null, payload: { attempt: run.claims, resumed: run.claims > 1 } }],
    nodes: loaded.nodes.filter((r) => r.status === 'running').map((r) => states.get(r.nodeId) as NodeState),
  });
  const compiled = compile(loaded.graph, { registry: deps.services.nodes.definitions });
  if (!compiled.ok) {
    const first = compiled.errors[0];
    return finish(writer, started, states, {
      status: 'failed',
      output: null,
      error: { code: 'compile_failed', message: `the saved graph no longer compiles: ${first?.message ?? 'unknown error'}` },
    });
  }
  if (run.claims > MAX_CLAIMS) {
    return finish(writer, started, states, {
      status: 'failed',
      output: null,
      error: { code: 'worker_lost', message: `the run was interrupted ${MAX_CLAIMS} times (its workers stopped); giving up` },
    });
  }
  const plan = compiled.plan;
  for (const id of plan.order) {
    if (!states.has(id)) {
      states.set(id, {
        nodeId: id,
        status: 'pending',
        attempts: 0,
        runtime: null,
        output: null,
        error: null,
        startedAt: null,
        finishedAt: null,
      });
    }
  }
  // Everything the run reaches (code agents, secrets, the execution log) is its own workspace's.
  const { services } = deps;
  const ctx: RunNodeContext = {
    run: {
      id: run.id,
      workspaceId: run.workspaceId,
      workflowId: run.workflowId,
      input: run.input,
      trigger: { type: run.triggerType, nodeId: run.triggerNodeId },
      trusted: plan.settings.trustedExecution,
      secrets: new RunSecrets({ store: services.secrets, workspaceId: run.workspaceId, runId: run.id, actor: runActor(run) }),
      agents: agentResolver(services.database.db, run.workspaceId),
    },
    services,
    writer,
    signal,
  };
  // Secrets live in this worker's memory only: a resumed run first gets back those of nodes that already ran.
  await primeResumedSecrets(plan, states, ctx.run.agents, ctx.run.secrets);
  try {
    await schedule(plan, states, ctx);
  } finally {
    // What runtimes keep per run (an E2B sandbox shared by the run's nodes) goes now, whatever happened.
    await releaseRun(services.runtimes, run.id);
  }
  await writer.drain();
  if (signal.aborted && signal.reason !== 'cancelled') return signal.reason === 'shutdown' ? 'released' : 'lease_lost';
  if (signal.aborted) {
    const pending = plan.order.filter((id) => states.get(id)?.status === 'pending');
    for (const id of pending) void markCancelled(ctx, states.get(id) as NodeState, 'the run was cancelled').catch(() => {});
    return finish(writer, started, states, {
      status: 'cancelled',
      output: null,
      error: { code: 'cancelled', message: 'the run was cancelled' },
    });
  }
  const failed = plan.order.find((id) => states.get(id)?.status === 'failed' && !plan.nodes[id]?.settings.continueOnError);
  if (failed) {
    const error = states.get(failed)?.error ?? { code: 'node_failed', message: `node ${failed} failed` };
    return finish(writer, started, states, { status: 'failed', output: null, error: { ...error, nodeId: failed } });
  }
  return finish(writer, started, states, { status: 'succeeded', output: runOutput(plan, states), error: null });
}

/**
 * Starts every node whose predecessors are settled, keeping at most `maxConcurrency` running. A settled node
 * is skipped instead when an upstream node failed (`upstream_failed`), when none of its inputs carries a value
 * (`branch_not_taken`: a merge runs when at least one does), or when it is a trigger that did not start the run.
 */
function schedule(plan: ExecutionPlan, states: Map<string, NodeState>, ctx: RunNodeContext): Promise<void> {
  const running = new Set<string>();
  const stateOf = (id: string) => states.get(id) as NodeState;
  const done = (id: string) => {
    const s = stateOf(id).status;
    return s !== 'pending' && s !== 'running';
  };
  const skip = (state: NodeState, code: string, reason: string) => {
    Object.assign(state, { status: 'skipped', finishedAt: new Date().toISOString(), error: { code, message: reason } });
    ctx.writer
      .write(
        { events: [{ type: 'node.skipped', nodeId: state.nodeId, payload: { reason, code } }], nodes: [state] },
        { lazy: true },
      )
      .catch(() => {});
  };
  const firing = ctx.run.trigger.nodeId;
  return new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (!ctx.signal.aborted) {
        for (const id of plan.order) {
          const node = plan.nodes[id] as PlannedNode;
          const state = stateOf(id);
          if (state.status !== 'pending' || !node.predecessors.every(done)) continue;
          if (node.traits.trigger && firing !== null && firing !== id) {
            skip(state, SKIP.notTriggered, 'another trigger started this run');
            continue;
          }
          const blocker = node.predecessors.find((p) => blocks(plan.nodes[p] as PlannedNode, stateOf(p)));
          if (blocker) {
            // Skipped for a failure further up: pass that node's reason on, so every skip names the cause.
            const cause = stateOf(blocker);
            const label = plan.nodes[blocker]?.label ?? blocker;
            const reason =
              cause.status === 'skipped' && cause.error ? cause.error.message : `upstream node "${label}" ${cause.status}`;
            skip(state, SKIP.upstreamFailed, reason);
            continue;
          }
          if (!anyInputTaken(plan, node, states)) {
            skip(state, SKIP.branchNotTaken, 'no input carries a value: the branch was not taken');
            continue;
          }
          if (running.size >= plan.maxConcurrency) continue;
          running.add(id);
          state.status = 'running';
          runNode(ctx, node, state, gatherInputs(plan, node, states))
            .then(() => {
              running.delete(id);
              pump();
            })
            .catch(reject);
        }
      }
      if (running.size === 0) resolve();
    };
    pump();
  });
}

/** Writes the run's end with `run.finished`; nodes never reached are recorded as cancelled. */
async function finish(writer: RunWriter, started: Date, states: Map<string, NodeState>, end: RunFinish): Promise<ExecuteOutcome> {
  const finishedAt = new Date().toISOString();
  const leftovers = [...states.values()].filter((s) => s.status === 'pending' || s.status === 'running');
  for (const s of leftovers) Object.assign(s, { status: 'cancelled', finishedAt });
  const ending = (run: RunFinish): Change => ({
    events: [
      {
        type: 'run.finished',
        nodeId: null,
        payload: { status: run.status, durationMs: Date.now() - started.getTime(), error: run.error },
      },
    ],
    nodes: leftovers,
    finish: run,
  });
  const refused = await writer.record(ending(end));
  // An end that cannot be stored (the run's output, say) fails the run, saying why, rather than leaving it to a resume.
  if (refused) {
    const message = `the run's ${end.status === 'succeeded' ? 'output' : 'end'} could not be stored: ${refused.message}`;
    await writer.write(ending({ status: 'failed', output: null, error: { code: 'result_unrecordable', message } }));
  }
  return 'finished';
}
