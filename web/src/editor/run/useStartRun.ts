import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { z } from 'zod';
import { ApiRequestError, call } from '../../api/client.ts';
import { runsKey } from '../../api/runs.queries.ts';
import { workflowKey } from '../../api/workflows.queries.ts';
import { saverOf } from '../persistence/editor-saver.ts';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';

/** Why a start failed: a sentence, plus the compiler's messages when the server refused the graph. */
export interface StartFailure {
  message: string;
  problems: string[];
}

const CompileFailedDetails = z.object({ errors: z.array(z.object({ message: z.string() })) });

function describe(error: unknown): StartFailure {
  if (error instanceof ApiRequestError) {
    const details = CompileFailedDetails.safeParse(error.details);
    if (error.code === 'compile_failed' && details.success)
      return {
        message: 'The saved workflow has errors; fix them to run it.',
        problems: details.data.errors.map((e) => e.message),
      };
    return { message: error.message, problems: [] };
  }
  return { message: error instanceof Error ? error.message : String(error), problems: [] };
}

/**
 * Starts a run of what the user sees.
 * 1. Unsaved changes are saved first (the server runs the latest saved version), through the
 *    editor's saver when one is mounted, so the run and autosave share one queue.
 * 2. POST /workflows/:id/runs (from `triggerNodeId` when given); the store begins the run, and useRunStream follows it.
 * Resolves true when the run started; on failure `failure` says why.
 */
export function useStartRun() {
  const store = useEditorApi();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<StartFailure | null>(null);

  // The editor's own saver, so a run never races an autosave into two versions; without one mounted
  // (tests, embedding), a direct PUT that marks the revision it sent as saved.
  const saveFirst = useCallback(async (): Promise<boolean> => {
    const s = store.getState();
    if (s.revision === s.savedRevision) return true;
    const shared = saverOf(store);
    if (shared) return shared.flush();
    const workflowId = s.workflowId as string;
    const revision = s.revision;
    const saved = await call('updateWorkflow', { params: { id: workflowId }, body: { graph: s.graph() } });
    store.getState().markSaved(saved.version, revision);
    queryClient.setQueryData(workflowKey(workflowId), saved);
    return true;
  }, [store, queryClient]);

  const start = useCallback(
    async (input: unknown, triggerNodeId?: string): Promise<boolean> => {
      const workflowId = store.getState().workflowId;
      if (!workflowId) {
        setFailure({ message: 'Save the workflow before running it.', problems: [] });
        return false;
      }
      setPending(true);
      setFailure(null);
      try {
        if (!(await saveFirst())) {
          setFailure({
            message: `Saving failed, so nothing was run: ${saverOf(store)?.status().error?.message ?? 'unknown error'}`,
            problems: [],
          });
          return false;
        }
        const body = triggerNodeId === undefined ? { input } : { input, triggerNodeId };
        const started = await call('startRun', { params: { id: workflowId }, body });
        store.getState().beginRun(started.runId, started.workflowVersion);
        void queryClient.invalidateQueries({ queryKey: runsKey(workflowId) });
        return true;
      } catch (error) {
        setFailure(describe(error));
        return false;
      } finally {
        setPending(false);
      }
    },
    [store, queryClient, saveFirst],
  );

  return { start, pending, failure, reset: useCallback(() => setFailure(null), []) };
}
