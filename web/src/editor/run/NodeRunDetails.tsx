import { useMemo } from 'react';
import { formatDuration } from '../../format.ts';
import { definitionOf } from '../../node-registry/definitions.ts';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import type { LogLine } from '../store/run-state.ts';
import { selectNodeRun } from '../store/selectors.ts';
import { JsonTree } from './JsonTree.tsx';
import { nodeInput } from './node-input.ts';
import { RunErrorView } from './RunErrorView.tsx';
import { RunStatusPill } from './RunStatusPill.tsx';
import { formatClock } from './run-format.ts';
import { skipOf } from './skip-reasons.ts';
import './run.css';

/** Log lines shown per node here; the Logs panel has them all. */
const NODE_LOG_LIMIT = 500;
const NO_LOGS: LogLine[] = [];

/** The "Run data" tab for one node of the shown run: state, error, input, output and its log lines. */
export function NodeRunDetails({ nodeId }: { nodeId: string }) {
  const registry = useNodeRegistry();
  const state = useEditor(useMemo(() => selectNodeRun(nodeId), [nodeId]));
  const node = useEditor((s) => s.nodes.find((n) => n.id === nodeId) ?? null);
  const runId = useEditor((s) => s.run?.runId ?? null);
  const allLogs = useEditor((s) => s.run?.logs ?? NO_LOGS);
  const logs = useMemo(() => allLogs.filter((l) => l.nodeId === nodeId).slice(-NODE_LOG_LIMIT), [allLogs, nodeId]);
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const runNodes = useEditor((s) => s.run?.nodes ?? null);
  const runInput = useEditor((s) => s.run?.input);
  const snapshot = useEditor((s) => s.run?.hasSnapshot ?? false);
  const input = useMemo(
    () =>
      runNodes
        ? nodeInput(nodeId, { nodes, edges }, { nodes: runNodes, input: runInput, hasSnapshot: snapshot }, registry)
        : null,
    [nodeId, nodes, edges, registry, runNodes, runInput, snapshot],
  );
  const stale = useEditor((s) => s.run !== null && (s.revision !== s.savedRevision || s.savedVersion !== s.run.workflowVersion));

  if (!node || !runId) return null;
  const skip = skipOf(state);
  const title = node.data.label?.trim() || definitionOf(registry, node.data.type)?.title || node.data.type;
  if (!state)
    return (
      <div className="run-details">
        <h3 className="run-details-title">{title}</h3>
        <p className="muted">This node was added after the run; it is not part of it.</p>
      </div>
    );

  return (
    <div className="run-details" data-testid="node-run-details">
      <header className="run-details-head">
        <h3 className="run-details-title">{title}</h3>
        <RunStatusPill status={state.status} />
      </header>
      <dl className="run-facts">
        <dt>Node</dt>
        <dd>
          <code>{nodeId}</code>
        </dd>
        <dt>Attempts</dt>
        <dd>{state.attempts}</dd>
        <dt>Runtime</dt>
        <dd data-testid="node-runtime">
          {state.runtime ?? '—'}
          {state.decision?.isolation && <span className="muted"> · {state.decision.isolation}</span>}
          {state.decision && <div className="muted run-decision">{state.decision.reason}</div>}
        </dd>
        <dt>Started</dt>
        <dd>{state.startedAt ? formatClock(state.startedAt) : '—'}</dd>
        <dt>Duration</dt>
        <dd>{state.durationMs !== null ? formatDuration(state.durationMs) : '—'}</dd>
      </dl>
      {skip ? (
        <p className="run-skip muted" data-testid="node-skip-reason" data-skip={skip.code}>
          Skipped, {skip.label}: {skip.reason}
        </p>
      ) : (
        state.error && <RunErrorView error={state.error} retrying={state.status === 'running'} />
      )}

      <section className="run-section" aria-label="Input">
        <h4>Input</h4>
        {stale && <p className="muted run-note">Computed from the graph on the canvas, which differs from the run's version.</p>}
        {input?.known ? <JsonTree value={input.value} label="Input" /> : <p className="muted">{input?.reason}</p>}
      </section>

      <section className="run-section" aria-label="Output">
        <h4>Output</h4>
        {state.status === 'succeeded' && snapshot ? (
          <JsonTree value={state.output} label="Output" />
        ) : (
          <p className="muted">{outputReason(state.status, snapshot)}</p>
        )}
      </section>

      <section className="run-section" aria-label="Logs">
        <h4>Logs {logs.length > 0 && <span className="count">{logs.length}</span>}</h4>
        {logs.length === 0 ? (
          <p className="muted">No log lines.</p>
        ) : (
          <ol className="node-logs">
            {logs.map((l) => (
              <li key={l.seq} data-stream={l.stream}>
                <span className="log-time">{formatClock(l.time)}</span>
                {l.stream === 'stderr' && <span className="log-stream">stderr</span>}
                <span className="node-log-text">{l.line}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function outputReason(status: string, snapshot: boolean): string {
  if (status === 'failed') return 'No output: the node failed.';
  if (status === 'skipped') return 'No output: the node was skipped.';
  if (status === 'cancelled') return 'No output: the node was cancelled.';
  if (status === 'pending' || status === 'running') return 'No output yet.';
  return snapshot ? 'No output.' : 'The output is loaded when the run finishes.';
}
