import type { NodeStatus, Run, RunError, RunEvent, RunStatus } from '@switchyard/shared';

/** What the canvas shows for one node during or after a run. */
export interface NodeRunState {
  status: NodeStatus;
  attempts: number;
  runtime: string | null;
  /** ISO time the current attempt started (for the live elapsed clock). */
  startedAt: string | null;
  durationMs: number | null;
  /** Why it failed; for a skipped node, why it was skipped (`code`: see skip-reasons.ts). */
  error: RunError | null;
  /** Present once loaded from GET /api/runs/:id (events do not carry outputs). */
  output?: unknown;
  /** The runtime router's decision for a code node (`node.runtime` event): why, and how isolated. */
  decision?: { reason: string; isolation?: string; backend?: string };
}

export interface LogLine {
  seq: number;
  nodeId: string | null;
  stream: 'stdout' | 'stderr';
  line: string;
  time: string;
}

/** The run the canvas is showing: live over SSE or replayed from history. */
export interface RunView {
  runId: string;
  workflowVersion: number | null;
  status: RunStatus;
  error: RunError | null;
  startedAt: string | null;
  durationMs: number | null;
  nodes: Record<string, NodeRunState>;
  /** The newest log lines, at most `LOG_LIMIT`. */
  logs: LogLine[];
  /** Log lines dropped from the front of `logs` to respect `LOG_LIMIT`. */
  droppedLogs: number;
  /** Highest event seq applied; SSE resumes after it. */
  lastSeq: number;
  /** The run's input (what the trigger emitted); known once a snapshot is loaded. */
  input?: unknown;
  /** True once a GET /api/runs/:id snapshot (outputs) has been folded in. */
  hasSnapshot: boolean;
}

/** Log lines kept per run in the browser; older ones are dropped (counted in `droppedLogs`). */
export const LOG_LIMIT = 10_000;

/** A run in one of these states emits no more events. */
export function isRunFinished(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

export function emptyRun(runId: string, nodeIds: readonly string[], workflowVersion: number | null = null): RunView {
  const nodes: Record<string, NodeRunState> = {};
  for (const id of nodeIds)
    nodes[id] = { status: 'pending', attempts: 0, runtime: null, startedAt: null, durationMs: null, error: null };
  return {
    runId,
    workflowVersion,
    status: 'queued',
    error: null,
    startedAt: null,
    durationMs: null,
    nodes,
    logs: [],
    droppedLogs: 0,
    lastSeq: 0,
    hasSnapshot: false,
  };
}

const blank: NodeRunState = { status: 'pending', attempts: 0, runtime: null, startedAt: null, durationMs: null, error: null };

const bySeq = (a: RunEvent, b: RunEvent) => a.seq - b.seq;

/**
 * Applies a batch of events in seq order (the batch is sorted if it is not). Events at or below
 * `lastSeq` are ignored, so a replay after a reconnect is harmless. A failure with `willRetry` keeps
 * the node running. Unchanged nodes keep their object identity (their canvas node does not re-render).
 */
export function applyRunEvents(run: RunView, batch: readonly RunEvent[]): RunView {
  const events = batch.every((e, i) => i === 0 || (batch[i - 1] as RunEvent).seq < e.seq) ? batch : [...batch].sort(bySeq);
  let next = run;
  let nodes = run.nodes;
  let logs: LogLine[] | null = null;
  const patch = (id: string, change: Partial<NodeRunState>) => {
    if (nodes === run.nodes) nodes = { ...run.nodes };
    nodes[id] = { ...(nodes[id] ?? blank), ...change };
  };
  for (const event of events) {
    if (event.seq <= next.lastSeq) continue;
    next = { ...next, lastSeq: event.seq };
    const id = event.nodeId;
    switch (event.type) {
      case 'run.started':
        next = { ...next, status: 'running', startedAt: next.startedAt ?? event.time };
        break;
      case 'node.started':
        if (id)
          patch(id, {
            status: 'running',
            attempts: event.payload.attempt,
            // A retry's node.started carries no runtime: keep the router's earlier decision.
            runtime: event.payload.runtime ?? nodes[id]?.runtime ?? null,
            startedAt: event.time,
            error: null,
            durationMs: null,
          });
        break;
      case 'node.runtime':
        if (id) {
          const { runtime, reason, isolation, backend } = event.payload;
          patch(id, {
            runtime,
            decision: { reason, ...(isolation ? { isolation } : {}), ...(backend ? { backend } : {}) },
          });
        }
        break;
      case 'node.log':
        if (!logs) logs = [...run.logs];
        logs.push({ seq: event.seq, nodeId: id, stream: event.payload.stream, line: event.payload.line, time: event.time });
        break;
      case 'node.succeeded':
        if (id) patch(id, { status: 'succeeded', durationMs: event.payload.durationMs });
        break;
      case 'node.failed':
        if (id)
          patch(id, {
            status: event.payload.willRetry ? 'running' : 'failed',
            durationMs: event.payload.durationMs,
            error: event.payload.error,
          });
        break;
      case 'node.skipped':
        // Why, as the run snapshot has it (`error` of a skipped node). Events from before skip codes existed
        // come from the only skip there was then: an upstream failure.
        if (id)
          patch(id, {
            status: 'skipped',
            error: { code: event.payload.code ?? 'upstream_failed', message: event.payload.reason },
          });
        break;
      case 'node.cancelled':
        if (id) patch(id, { status: 'cancelled' });
        break;
      case 'run.finished':
        next = { ...next, status: event.payload.status, durationMs: event.payload.durationMs, error: event.payload.error };
        for (const [nodeId, n] of Object.entries(nodes))
          if (n.status === 'running') patch(nodeId, settled(n, Date.parse(event.time)));
        break;
    }
  }
  let droppedLogs = next.droppedLogs;
  if (logs && logs.length > LOG_LIMIT) {
    droppedLogs += logs.length - LOG_LIMIT;
    logs = logs.slice(logs.length - LOG_LIMIT);
  }
  return { ...next, nodes, logs: logs ?? next.logs, droppedLogs };
}

/**
 * A node still running when its run finished: nothing runs after the end (a node waiting to retry
 * when the run is cancelled gets no event of its own), so it shows as cancelled, not as a live clock.
 */
function settled(node: NodeRunState, endMs: number): Partial<NodeRunState> {
  const started = node.startedAt ? Date.parse(node.startedAt) : Number.NaN;
  return { status: 'cancelled', durationMs: Number.isNaN(started) || Number.isNaN(endMs) ? null : Math.max(0, endMs - started) };
}

/** Folds a GET /api/runs/:id snapshot in: statuses, errors and outputs per node, and the run's input. */
export function withRunSnapshot(view: RunView, run: Run): RunView {
  const nodes: Record<string, NodeRunState> = { ...view.nodes };
  const runOver = isRunFinished(run.status);
  for (const n of run.nodes) {
    const started = n.startedAt ? Date.parse(n.startedAt) : null;
    const finished = n.finishedAt ? Date.parse(n.finishedAt) : null;
    // A snapshot read just as the run ended may still say running: keep what the events settled.
    const seen = nodes[n.nodeId]?.status;
    const status = runOver && n.status === 'running' ? (seen && seen !== 'running' ? seen : 'cancelled') : n.status;
    nodes[n.nodeId] = {
      ...(nodes[n.nodeId] ?? blank),
      status,
      attempts: n.attempts,
      runtime: n.runtime,
      startedAt: n.startedAt,
      durationMs: started !== null && finished !== null ? finished - started : (nodes[n.nodeId]?.durationMs ?? null),
      error: n.error,
      output: n.output,
    };
  }
  const started = run.startedAt ? Date.parse(run.startedAt) : null;
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : null;
  return {
    ...view,
    workflowVersion: run.workflowVersion,
    status: run.status,
    error: run.error,
    startedAt: run.startedAt,
    durationMs: started !== null && finished !== null ? finished - started : view.durationMs,
    nodes,
    input: run.input,
    hasSnapshot: true,
  };
}
