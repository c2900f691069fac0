import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNow } from '../../ui/useNow.ts';
import { useEditor, useEditorApi } from '../store/EditorStoreProvider.tsx';
import { isRunFinished } from '../store/run-state.ts';
import { RunStatusPill } from './RunStatusPill.tsx';
import { runDuration } from './run-format.ts';

/** The header of the logs panel: status, duration, id and error of the shown run, then each failed node's error. */
export function RunSummary({ names }: { names: Map<string, string> }) {
  const store = useEditorApi();
  const head = useEditor(
    useShallow((s) => ({
      runId: s.run?.runId ?? '',
      status: s.run?.status ?? 'queued',
      error: s.run?.error ?? null,
      startedAt: s.run?.startedAt ?? null,
      durationMs: s.run?.durationMs ?? null,
      version: s.run?.workflowVersion ?? null,
    })),
  );
  const runNodes = useEditor((s) => s.run?.nodes ?? null);
  const failed = useMemo(
    () =>
      Object.entries(runNodes ?? {})
        .filter(([, n]) => n.status === 'failed' && n.error)
        .map(([id, n]) => ({ id, error: n.error })),
    [runNodes],
  );
  const now = useNow({ every: 200, live: !isRunFinished(head.status) });
  const duration = runDuration(head.durationMs, head.startedAt, now);
  // The run error repeats the failing node's error; list it once, under the node.
  const runError = head.error && !failed.some((f) => f.id === head.error?.nodeId) ? head.error : null;

  return (
    <div className="run-summary">
      <div className="run-summary-line">
        <RunStatusPill status={head.status} detail={duration} />
        <span className="muted">
          Run <code title={head.runId}>{head.runId}</code>
          {head.version !== null && <> on version {head.version}</>}
        </span>
        {runError && (
          <span className="run-summary-error" role="alert">
            {runError.code}: {runError.message}
          </span>
        )}
      </div>
      {failed.length > 0 && (
        <ul className="run-failures" aria-label="Failed nodes">
          {failed.map(({ id, error }) => (
            <li key={id}>
              <button type="button" className="run-failure" onClick={() => store.getState().selectOnly([id])}>
                <span className="run-failure-node">{names.get(id) ?? id}</span>
                <span className="run-failure-code">{error?.code}</span>
                <span>{error?.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
