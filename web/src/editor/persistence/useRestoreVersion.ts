import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { call } from '../../api/client.ts';
import { rememberWorkflow, versionQuery } from '../../api/workflows.queries.ts';
import { useFitView } from '../canvas/useFitView.ts';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import { saverOf } from './editor-saver.ts';

/**
 * Restores an old version by saving its graph as a new version (history is never rewritten).
 * In the editable editor the graph replaces the canvas as one undoable edit and is saved at once
 * through the editor's saver (so unsaved edits stay in undo history, not lost). In a read-only
 * view the graph is PUT directly, the workflow cache is set to the result, and the app navigates
 * to the editor, whose store is created from that cache entry.
 */
export function useRestoreVersion() {
  const store = useEditorApi();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const fit = useFitView();
  return useMutation({
    mutationFn: async (version: number) => {
      const workflowId = store.getState().workflowId;
      if (!workflowId) throw new Error('This workflow has no id.');
      const old = await queryClient.fetchQuery(versionQuery(workflowId, version));
      const saver = store.getState().readOnly ? null : saverOf(store);
      if (saver) {
        const before = store.getState().savedVersion;
        store.getState().replaceGraph(old.graph);
        requestAnimationFrame(() => fit());
        if (!(await saver.flush())) throw saver.status().error ?? new Error('Saving the restored graph failed.');
        const after = store.getState().savedVersion;
        store
          .getState()
          .notify(
            after === before
              ? `The canvas already matches version ${version}; no new version was needed.`
              : `Restored version ${version} as version ${after}.`,
          );
        return;
      }
      const wf = await call('updateWorkflow', { params: { id: workflowId }, body: { graph: old.graph } });
      rememberWorkflow(queryClient, wf);
      navigate(`/workflows/${encodeURIComponent(workflowId)}`);
    },
  });
}
