import type { WebhookRequest } from '@switchyard/shared';
import { Link } from 'wouter';
import { dateTime, timeAgo } from '../format.ts';
import { useNow } from '../ui/useNow.ts';

interface Props {
  workflowId: string;
  /** Newest first. */
  requests: readonly WebhookRequest[];
  loading: boolean;
  error: Error | null;
}

/** The last requests a webhook received: when, method, the status answered, and the run it started. */
export function WebhookRequests({ workflowId, requests, loading, error }: Props) {
  const now = useNow({ every: 10_000 });
  return (
    <div className="node-panel-requests">
      <h3 className="node-panel-heading">Last requests</h3>
      {error ? (
        <p className="field-error">Could not load requests: {error.message}</p>
      ) : loading ? (
        <p className="muted node-panel-note" aria-busy="true">
          Loading…
        </p>
      ) : requests.length === 0 ? (
        <p className="muted node-panel-note">None yet. Call the URL and requests show up here.</p>
      ) : (
        <ul className="node-panel-list" aria-label="Last requests">
          {requests.map((r) => (
            <li key={r.id} className="webhook-request">
              <time dateTime={r.receivedAt} title={dateTime(r.receivedAt)}>
                {timeAgo(r.receivedAt, now)}
              </time>
              <span className="node-panel-method">{r.method}</span>
              <span className="webhook-status" data-ok={r.status < 400}>
                {r.status}
              </span>
              {r.runId ? (
                <Link
                  href={`/workflows/${workflowId}/runs/${r.runId}`}
                  className="webhook-run"
                  aria-label={`Open run ${r.runId}`}
                >
                  Open run
                </Link>
              ) : (
                <span className="muted webhook-run">no run</span>
              )}
              {r.error && <span className="webhook-error">{r.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
