import type { WorkflowSummary } from '@switchyard/shared';
import { useState } from 'react';
import { useWorkflows } from '../api/useWorkflows.ts';
import { useDeleteWorkflow } from '../api/workflows.mutations.ts';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { useConfirmAction } from '../ui/useConfirmAction.ts';
import { useNow } from '../ui/useNow.ts';
import { CreateWorkflowDialog } from './CreateWorkflowDialog.tsx';
import { useDebouncedValue } from './useDebouncedValue.ts';
import { WorkflowRow } from './WorkflowRow.tsx';

/** Wait this long after the last keystroke before searching (ms). */
const SEARCH_DEBOUNCE_MS = 250;

/** Saved workflows (latest version, size, last change) with search; create, rename, duplicate and delete for editors. */
export function WorkflowList() {
  const canWrite = useCan('workflows:write');
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search, SEARCH_DEBOUNCE_MS).trim();
  const workflows = useWorkflows(q);
  const [creating, setCreating] = useState(false);
  const [actionError, setActionError] = useState<Error | null>(null);
  const deleting = useConfirmAction(useDeleteWorkflow(), (wf: WorkflowSummary) => wf.id);
  const now = useNow();
  const list = workflows.data;

  return (
    <section className="panel" aria-labelledby="workflows-heading">
      <div className="panel-head workflows-head">
        <h1 id="workflows-heading">Workflows</h1>
        {list && list.length > 0 && <span className="count">{list.length}</span>}
        <input
          className="input search"
          type="search"
          placeholder="Search by name"
          aria-label="Search workflows"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        {canWrite && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New workflow
          </button>
        )}
      </div>
      {actionError && <ErrorNotice error={actionError} />}
      {workflows.isPending && <p className="muted">Loading workflows…</p>}
      {workflows.isError && <ErrorNotice error={workflows.error} onRetry={() => void workflows.refetch()} />}
      {list?.length === 0 &&
        (q ? (
          <div className="empty">
            <p className="empty-title">No workflows match “{q}”</p>
            <button type="button" className="button" onClick={() => setSearch('')}>
              Clear search
            </button>
          </div>
        ) : (
          <div className="empty">
            <p className="empty-title">No workflows yet</p>
            {canWrite ? (
              <>
                <p className="muted">Create one here, or import a file from the editor once it is open.</p>
                <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                  Create a workflow
                </button>
              </>
            ) : (
              <p className="muted">Workflows that editors create in this workspace show up here.</p>
            )}
          </div>
        ))}
      {list && list.length > 0 && (
        <ul className="workflow-rows" aria-busy={workflows.isPlaceholderData}>
          {list.map((wf) => (
            <WorkflowRow
              key={wf.id}
              wf={wf}
              now={now}
              editable={canWrite}
              onError={setActionError}
              onDelete={() => deleting.ask(wf)}
            />
          ))}
        </ul>
      )}
      {creating && <CreateWorkflowDialog onClose={() => setCreating(false)} />}
      {deleting.target && (
        <ConfirmDialog title={`Delete “${deleting.target.name}”?`} confirmLabel="Delete" danger {...deleting.dialog}>
          <p>It disappears from this list and can no longer be run. Its saved versions and past runs are kept.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
