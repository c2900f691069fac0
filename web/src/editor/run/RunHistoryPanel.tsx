import type { RunSummary } from '@switchyard/shared';
import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import { useWorkflowRuns } from '../../api/runs.queries.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { dateTime, timeAgo } from '../../format.ts';
import { useNow } from '../../ui/useNow.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import { isRunFinished } from '../store/run-state.ts';
import { RunStatusPill } from './RunStatusPill.tsx';
import { runDuration, shortId } from './run-format.ts';
import './run.css';
import './run-history.css';

/**
 * The "Runs" drawer: this workflow's recent runs, newest first (polled while one is going). Each
 * opens the run on the graph it ran (`/workflows/:id/runs/:runId`); the run on the canvas is marked.
 */
export function RunHistoryPanel({ onClose }: { onClose(): void }) {
  const workflowId = useEditor((s) => s.workflowId);
  const currentRunId = useEditor((s) => s.run?.runId ?? null);
  const runs = useWorkflowRuns(workflowId);
  const list = runs.data?.runs ?? [];
  const now = useNow({ every: 1_000, live: list.some((r) => !isRunFinished(r.status)) });
  const ref = useRef<HTMLElement>(null);

  useEffect(() => ref.current?.focus(), []);

  return (
    <aside
      ref={ref}
      className="drawer run-drawer"
      aria-labelledby="run-drawer-title"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="run-drawer-head">
        <h2 id="run-drawer-title">Runs</h2>
        <button type="button" className="icon-button" aria-label="Close runs" onClick={onClose}>
          ×
        </button>
      </header>
      {runs.error ? (
        <ErrorNotice error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.isPending ? (
        <p className="muted panel-empty" aria-busy="true">
          Loading runs…
        </p>
      ) : list.length === 0 ? (
        <p className="muted panel-empty">No runs yet. Press Run to start one.</p>
      ) : (
        <ul className="run-list">
          {list.map((run) => (
            <RunRow key={run.id} run={run} current={run.id === currentRunId} now={now} />
          ))}
        </ul>
      )}
    </aside>
  );
}

function RunRow({ run, current, now }: { run: RunSummary; current: boolean; now: number }) {
  const finished = run.finishedAt && run.startedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
  const duration = runDuration(finished, isRunFinished(run.status) ? null : run.startedAt, now);
  const started = run.startedAt ?? run.createdAt;
  return (
    <li>
      <Link href={`/workflows/${run.workflowId}/runs/${run.id}`} className="run-row" aria-current={current ? 'true' : undefined}>
        <RunStatusPill status={run.status} />
        <span className="run-row-main">
          <time dateTime={started} title={dateTime(started)}>
            {timeAgo(started, now)}
          </time>
          <span className="muted run-row-id">{shortId(run.id)}</span>
        </span>
        <span className="run-row-meta">
          <span>{duration ?? '—'}</span>
          {run.startedVia && run.startedVia !== 'manual' && (
            <span className="muted" title={`started by ${run.startedVia}`}>
              {run.startedVia}
            </span>
          )}
          <span className="muted">v{run.workflowVersion}</span>
        </span>
        {run.error && <span className="run-row-error">{run.error.message}</span>}
      </Link>
    </li>
  );
}
