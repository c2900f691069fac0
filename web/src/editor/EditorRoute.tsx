import { ReactFlowProvider } from '@xyflow/react';
import { useRun } from '../api/runs.queries.ts';
import { useWorkflow, useWorkflowVersion } from '../api/workflows.queries.ts';
import { useCan } from '../auth/useCan.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { EditorLayout, type EditorMode } from './EditorLayout.tsx';
import { EditorStoreProvider } from './store/EditorStoreProvider.tsx';

interface Props {
  workflowId: string;
  /** Show this saved version read-only. */
  version?: number;
  /** Show this past run on the version it ran. */
  runId?: string;
}

/**
 * Loads the document the URL names, then mounts one editor (store + React Flow) for it. Old versions, past runs,
 * and every view of a role that cannot change workflows (viewer, runner) are read-only.
 */
export function EditorRoute({ workflowId, version, runId }: Props) {
  const canWrite = useCan('workflows:write');
  const workflow = useWorkflow(workflowId);
  const run = useRun(runId ?? null);
  const pinned = runId ? (run.data?.workflowVersion ?? null) : (version ?? null);
  const old = useWorkflowVersion(workflowId, pinned);
  const mode: EditorMode = runId ? { kind: 'run', runId } : version ? { kind: 'version', version } : { kind: 'edit' };

  const failed = workflow.error ?? run.error ?? old.error;
  if (failed)
    return (
      <main className="content">
        <ErrorNotice error={failed} />
      </main>
    );
  const graphSource = pinned === null ? workflow.data : old.data;
  if (!workflow.data || !graphSource)
    return (
      <main className="content" aria-busy="true">
        <p className="muted">Loading workflow…</p>
      </main>
    );

  const key = `${workflowId}:${mode.kind}:${runId ?? version ?? ''}:${canWrite}`;
  if (performance.getEntriesByName('switchyard:document-loaded').length === 0) performance.mark('switchyard:document-loaded');
  return (
    <EditorStoreProvider
      key={key}
      initial={{
        workflowId,
        name: workflow.data.name,
        version: pinned ?? workflow.data.version,
        graph: graphSource.graph,
        readOnly: mode.kind !== 'edit' || !canWrite,
      }}
    >
      <ReactFlowProvider>
        <EditorLayout mode={mode} latestVersion={workflow.data.version} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
