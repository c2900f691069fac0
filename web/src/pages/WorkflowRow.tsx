import type { Workflow, WorkflowSummary } from '@switchyard/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useDuplicateWorkflow, useRenameWorkflow } from '../api/workflows.mutations.ts';
import { workflowKey } from '../api/workflows.queries.ts';
import { dateTime, plural, timeAgo } from '../format.ts';
import { ActionIcon } from './ActionIcon.tsx';

interface Props {
  wf: WorkflowSummary;
  now: number;
  /** The caller may rename, duplicate and delete (else the row only opens). */
  editable: boolean;
  /** Reports a failed rename or duplicate (null clears the previous report). */
  onError(error: Error | null): void;
  onDelete(): void;
}

/** One workflow in the home list: opens on click; rename inline, duplicate, delete when `editable`. */
export function WorkflowRow({ wf, now, editable, onError, onDelete }: Props) {
  const queryClient = useQueryClient();
  const rename = useRenameWorkflow();
  const duplicate = useDuplicateWorkflow();
  const [draft, setDraft] = useState<string | null>(null);
  const href = `/workflows/${encodeURIComponent(wf.id)}`;

  const commit = () => {
    if (draft === null) return;
    const next = draft.trim();
    setDraft(null);
    if (!next || next === wf.name) return;
    onError(null);
    rename.mutate(
      { id: wf.id, name: next },
      { onError: (e) => onError(new Error(`Could not rename “${wf.name}”: ${e.message}`)) },
    );
  };

  // The editor caches a workflow for good once loaded; a newer save elsewhere (another tab, the CLI)
  // shows up here first, so drop the stale copy before opening.
  const forgetIfStale = () => {
    const cached = queryClient.getQueryData<Workflow>(workflowKey(wf.id));
    if (cached && (cached.version !== wf.version || cached.updatedAt !== wf.updatedAt))
      queryClient.removeQueries({ queryKey: workflowKey(wf.id), exact: true });
  };

  const shownName = rename.isPending ? rename.variables.name : wf.name;
  return (
    <li className="workflow-row" aria-busy={rename.isPending || duplicate.isPending}>
      <div className="workflow-main">
        {draft === null ? (
          <Link className="workflow-link" href={href} onClick={forgetIfStale}>
            {shownName}
          </Link>
        ) : (
          <input
            className="rename-field"
            aria-label={`New name for ${wf.name}`}
            value={draft}
            maxLength={200}
            // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename.
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') setDraft(null);
            }}
          />
        )}
        {wf.description && <span className="muted workflow-description">{wf.description}</span>}
      </div>
      <span className="tag">v{wf.version}</span>
      <span className="muted">{plural(wf.nodeCount, 'node')}</span>
      <time className="muted" dateTime={wf.updatedAt} title={dateTime(wf.updatedAt)}>
        {timeAgo(wf.updatedAt, now)}
      </time>
      <div className="row-actions">
        {editable && (
          <>
            <button
              type="button"
              className="icon-button"
              aria-label={`Rename ${wf.name}`}
              title="Rename"
              onClick={() => setDraft(wf.name)}
            >
              <ActionIcon name="rename" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Duplicate ${wf.name}`}
              title="Duplicate"
              disabled={duplicate.isPending}
              onClick={() => {
                onError(null);
                duplicate.mutate(wf.id, { onError: (e) => onError(new Error(`Could not duplicate “${wf.name}”: ${e.message}`)) });
              }}
            >
              <ActionIcon name="duplicate" />
            </button>
            <button
              type="button"
              className="icon-button row-delete"
              aria-label={`Delete ${wf.name}`}
              title="Delete"
              onClick={() => {
                onError(null);
                onDelete();
              }}
            >
              <ActionIcon name="delete" />
            </button>
          </>
        )}
      </div>
    </li>
  );
}
