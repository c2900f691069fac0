import type { WorkflowVersionSummary } from '@switchyard/shared';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useWorkflowVersions } from '../../api/workflows.queries.ts';
import { useCan } from '../../auth/useCan.ts';
import { ErrorNotice } from '../../ErrorNotice.tsx';
import { dateTime, plural, timeAgo } from '../../format.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useNow } from '../../ui/useNow.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import { useRestoreVersion } from './useRestoreVersion.ts';
import './persistence.css';

/**
 * Side drawer of saved versions, newest first. Open shows a version read-only; Restore saves its
 * graph as a new version. The list refreshes after every save (`rememberWorkflow` invalidates it).
 */
export function HistoryPanel({ onClose }: { onClose(): void }) {
  const workflowId = useEditor((s) => s.workflowId) ?? '';
  const shown = useEditor((s) => s.savedVersion);
  const readOnly = useEditor((s) => s.readOnly);
  const canWrite = useCan('workflows:write');
  const versions = useWorkflowVersions(workflowId);
  const restore = useRestoreVersion();
  const [confirming, setConfirming] = useState<number | null>(null);
  const now = useNow();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);

  const latest = versions.data?.[0]?.version ?? null;
  return (
    <aside
      className="drawer"
      aria-labelledby="history-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && confirming === null) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="drawer-head">
        <h2 id="history-title">Version history</h2>
        <button ref={closeButton} type="button" className="icon-button" aria-label="Close version history" onClick={onClose}>
          ×
        </button>
      </div>
      {versions.isPending && <p className="muted drawer-empty">Loading versions…</p>}
      {versions.isError && <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />}
      {versions.data && (
        <ol className="versions">
          {versions.data.map((v) => (
            <VersionRow
              key={v.version}
              v={v}
              now={now}
              workflowId={workflowId}
              current={v.version === shown}
              latest={v.version === latest}
              viewing={readOnly}
              canWrite={canWrite}
              onRestore={() => {
                restore.reset();
                setConfirming(v.version);
              }}
            />
          ))}
        </ol>
      )}
      {confirming !== null && (
        <ConfirmDialog
          title={`Restore version ${confirming}?`}
          confirmLabel="Restore"
          busy={restore.isPending}
          error={restore.error}
          onCancel={() => setConfirming(null)}
          onConfirm={() => restore.mutate(confirming, { onSuccess: () => setConfirming(null) })}
        >
          <p>
            Its graph is saved as a new version{latest !== null ? ` (v${latest + 1})` : ''}. Nothing is deleted: every version
            stays in this history.
          </p>
        </ConfirmDialog>
      )}
    </aside>
  );
}

interface RowProps {
  v: WorkflowVersionSummary;
  now: number;
  workflowId: string;
  /** The version the canvas was loaded from or last saved as. */
  current: boolean;
  latest: boolean;
  /** The editor shows an old version or a run (read-only). */
  viewing: boolean;
  /** The caller may change the workflow (restore, edit). */
  canWrite: boolean;
  onRestore(): void;
}

function VersionRow({ v, now, workflowId, current, latest, viewing, canWrite, onRestore }: RowProps) {
  const id = encodeURIComponent(workflowId);
  return (
    <li className="version" aria-current={current ? 'true' : undefined}>
      <div className="version-main">
        <span className="version-number">v{v.version}</span>
        {current && <span className="tag">{viewing ? 'viewing' : 'current'}</span>}
        {latest && !current && <span className="tag tag-muted">latest</span>}
      </div>
      <div className="version-meta muted">
        <time dateTime={v.createdAt} title={dateTime(v.createdAt)}>
          {timeAgo(v.createdAt, now)}
        </time>
        {' · '}
        {plural(v.nodeCount, 'node')}
      </div>
      <div className="version-actions">
        {!(current && viewing) && (
          <Link className="button" href={`/workflows/${id}/versions/${v.version}`} aria-label={`Open version ${v.version}`}>
            Open
          </Link>
        )}
        {latest && viewing && canWrite && (
          <Link className="button" href={`/workflows/${id}`}>
            Edit
          </Link>
        )}
        {!latest && canWrite && (
          <button type="button" className="button" onClick={onRestore} aria-label={`Restore version ${v.version}`}>
            Restore
          </button>
        )}
      </div>
    </li>
  );
}
