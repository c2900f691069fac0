import { useEffect, useState } from 'react';
import { formatDuration } from '../../format.ts';
import { STATUS_LABEL } from '../run/run-format.ts';
import type { NodeRunState } from '../store/run-state.ts';

/** Ticks every 100 ms while mounted; only running nodes mount it. */
function Elapsed({ since }: { since: string }) {
  const start = Date.parse(since);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return <>{formatDuration(Math.max(0, now - start))}</>;
}

/** Live status of a node in the shown run: queued, running with elapsed time, then the outcome and duration. */
export function NodeStatusBadge({ state }: { state: NodeRunState }) {
  return (
    <span className="status-badge" data-status={state.status} data-testid="node-status">
      <span className="status-dot" aria-hidden="true" />
      {STATUS_LABEL[state.status]}
      {state.status === 'running' && state.startedAt && (
        <span className="status-time">
          <Elapsed since={state.startedAt} />
        </span>
      )}
      {state.status !== 'running' && state.durationMs !== null && (
        <span className="status-time">{formatDuration(state.durationMs)}</span>
      )}
      {state.attempts > 1 && <span className="status-time">#{state.attempts}</span>}
    </span>
  );
}
