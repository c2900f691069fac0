import { useWorkflows } from '../api/useWorkflows.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { dateTime, plural, timeAgo } from '../format.ts';

/** Saved workflows with their latest version, size and last change. */
export function WorkflowList() {
  const workflows = useWorkflows();
  return (
    <section className="panel" aria-labelledby="workflows-heading">
      <div className="panel-head">
        <h1 id="workflows-heading">Workflows</h1>
        {workflows.data && workflows.data.length > 0 && <span className="count">{workflows.data.length}</span>}
      </div>
      {workflows.isPending && <p className="muted">Loading workflows…</p>}
      {workflows.isError && <ErrorNotice error={workflows.error} onRetry={() => void workflows.refetch()} />}
      {workflows.data?.length === 0 && (
        <div className="empty">
          <p className="empty-title">No workflows yet</p>
          <p className="muted">
            Workflows saved through the API appear here. See <a href="/api/openapi.json">the API reference</a> for{' '}
            <code>POST /api/workflows</code>.
          </p>
        </div>
      )}
      {workflows.data && workflows.data.length > 0 && (
        <ul className="workflows">
          {workflows.data.map((wf) => (
            <li key={wf.id} className="workflow">
              <div className="workflow-main">
                <span className="workflow-name">{wf.name}</span>
                {wf.description && <span className="muted workflow-description">{wf.description}</span>}
              </div>
              <span className="tag">v{wf.version}</span>
              <span className="muted">{plural(wf.nodeCount, 'node')}</span>
              <time className="muted" dateTime={wf.updatedAt} title={dateTime(wf.updatedAt)}>
                {timeAgo(wf.updatedAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
