import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call } from '../../api/client.ts';
import { runKey, runsKey } from '../../api/runs.queries.ts';
import { useEditor, useEditorApi } from '../store/EditorStoreProvider.tsx';
import { isRunFinished } from '../store/run-state.ts';
import { openRunEventStream } from './run-event-stream.ts';

/**
 * Keeps the store's run up to date. Mounted once per editor.
 * 1. With `routeRunId` (the past-run route), shows that run: begins it on the pinned version and lets
 *    step 2 replay its events from the start.
 * 2. While the shown run is not finished, follows its SSE stream, one store update per frame.
 * 3. Once it is finished, loads the GET /runs/:id snapshot once (outputs, final statuses, input).
 */
export function useRunStream(routeRunId: string | null): void {
  const store = useEditorApi();
  const queryClient = useQueryClient();

  useEffect(() => {
    const s = store.getState();
    if (routeRunId && s.run?.runId !== routeRunId) s.beginRun(routeRunId, s.savedVersion);
  }, [store, routeRunId]);

  const liveRunId = useEditor((s) => (s.run && !isRunFinished(s.run.status) ? s.run.runId : null));
  useEffect(() => {
    if (!liveRunId) return;
    return openRunEventStream(liveRunId, {
      lastSeq: () => {
        const run = store.getState().run;
        return run?.runId === liveRunId ? run.lastSeq : 0;
      },
      onEvents: (events) => store.getState().applyRunEvents(events),
    });
  }, [store, liveRunId]);

  const snapshotRunId = useEditor((s) => (s.run && isRunFinished(s.run.status) && !s.run.hasSnapshot ? s.run.runId : null));
  useEffect(() => {
    if (!snapshotRunId) return;
    let cancelled = false;
    queryClient
      .fetchQuery({
        queryKey: runKey(snapshotRunId),
        queryFn: ({ signal }) => call('getRun', { params: { id: snapshotRunId }, signal }),
        staleTime: 0,
        retry: 3,
      })
      .then((run) => {
        if (cancelled) return;
        store.getState().applyRunSnapshot(run);
        void queryClient.invalidateQueries({ queryKey: runsKey(run.workflowId) });
      })
      // The canvas keeps the streamed statuses; only outputs are missing. Reopening the run retries.
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [store, queryClient, snapshotRunId]);
}
