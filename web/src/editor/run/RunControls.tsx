import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call } from '../../api/client.ts';
import { plural } from '../../format.ts';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { useNow } from '../../ui/useNow.ts';
import { useEditor, useEditorApi } from '../store/EditorStoreProvider.tsx';
import { isRunFinished } from '../store/run-state.ts';
import { RunInputDialog } from './RunInputDialog.tsx';
import { RunStatusPill } from './RunStatusPill.tsx';
import { runDuration } from './run-format.ts';
import { initialRunInput, rememberInput } from './run-input.ts';
import { useStartRun } from './useStartRun.ts';
import './run.css';

/**
 * The toolbar's run controls (edit mode): Run opens the input dialog (also Ctrl/Cmd+Enter) and is
 * blocked while the document has compile problems; while a run is active its status and Cancel show.
 */
export function RunControls({ onRunStarted }: { onRunStarted(): void }) {
  const store = useEditorApi();
  const registry = useNodeRegistry();
  const problems = useEditor((s) => s.problems.length);
  const run = useEditor(
    useShallow((s) =>
      s.run ? { id: s.run.runId, status: s.run.status, startedAt: s.run.startedAt, durationMs: s.run.durationMs } : null,
    ),
  );
  const [dialogText, setDialogText] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const hintId = useId();
  const { start, pending, failure, reset } = useStartRun();
  const active = run !== null && !isRunFinished(run.status);
  const now = useNow({ every: 200, live: active });
  const blockedBy = problems > 0 ? `Fix ${plural(problems, 'problem')} to run` : active ? 'A run is in progress' : null;

  const open = () => {
    const { workflowId, nodes } = store.getState();
    if (blockedBy || !workflowId) return;
    reset();
    setDialogText(initialRunInput(workflowId, nodes, undefined, registry));
  };

  // Ctrl/Cmd+Enter opens the dialog (inside it, the dialog's own handler starts the run).
  useEffect(() => {
    if (dialogText !== null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.key !== 'Enter') return;
      e.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onStart = async (input: unknown, text: string, triggerNodeId?: string) => {
    const workflowId = store.getState().workflowId;
    if (workflowId) rememberInput(workflowId, text, triggerNodeId);
    if (await start(input, triggerNodeId)) {
      setDialogText(null);
      onRunStarted();
    }
  };

  const cancel = async () => {
    if (!run) return;
    setCancelling(true);
    try {
      await call('cancelRun', { params: { id: run.id } });
    } catch {
      // Already finished: the stream brings the final status either way.
    } finally {
      setCancelling(false);
    }
  };

  return (
    <div className="run-controls">
      {run && <RunStatusPill status={run.status} detail={runDuration(run.durationMs, run.startedAt, now)} />}
      {active && (
        <button type="button" className="button button-danger" disabled={cancelling} onClick={() => void cancel()}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
      {/* A disabled button shows no tooltip in every browser; the wrapper carries it. */}
      <span className="run-button-wrap" title={blockedBy ?? 'Run the workflow (Ctrl+Enter)'}>
        <button
          type="button"
          className="button button-primary"
          disabled={blockedBy !== null}
          aria-describedby={blockedBy ? hintId : undefined}
          onClick={open}
        >
          <span aria-hidden="true">▶</span> Run
        </button>
        {blockedBy && (
          <span id={hintId} className="visually-hidden">
            {blockedBy}
          </span>
        )}
      </span>
      {dialogText !== null && (
        <RunInputDialog
          initialText={dialogText}
          pending={pending}
          failure={failure}
          onStart={(input, text, triggerNodeId) => void onStart(input, text, triggerNodeId)}
          onClose={() => setDialogText(null)}
        />
      )}
    </div>
  );
}
