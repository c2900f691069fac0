import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import { defaultTrigger, initialRunInput, parseRunInput, triggerChoices } from './run-input.ts';
import type { StartFailure } from './useStartRun.ts';

interface Props {
  /** The text the field opens with, for the default trigger (see `initialRunInput`). */
  initialText: string;
  /** True while saving and starting: Start shows progress and cannot be pressed twice. */
  pending: boolean;
  /** Why the last start failed (kept visible until the next attempt). */
  failure: StartFailure | null;
  /**
   * The user asked to start with this parsed input (the text is what they typed); `triggerNodeId` is the trigger
   * they picked, set only when the workflow has several (with one, the server takes it).
   */
  onStart(input: unknown, text: string, triggerNodeId?: string): void;
  onClose(): void;
}

/**
 * The modal that asks for a run's input as JSON. Invalid JSON shows the parser's message and
 * disables Start; Ctrl/Cmd+Enter starts from anywhere in the dialog; Escape closes it.
 * A workflow with several triggers gets a picker (default: the manual trigger, else the first); picking one
 * loads its input (last used from it, else its sample).
 */
export function RunInputDialog({ initialText, pending, failure, onStart, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const store = useEditorApi();
  const registry = useNodeRegistry();
  // The document cannot change behind a modal dialog: the triggers are read once.
  const [triggers] = useState(() => triggerChoices(store.getState().nodes, registry));
  const [triggerId, setTriggerId] = useState(() => defaultTrigger(triggers)?.nodeId);
  const picking = triggers.length > 1;
  const picked = triggers.find((t) => t.nodeId === triggerId);
  const [text, setText] = useState(initialText);
  const parsed = useMemo(() => parseRunInput(text), [text]);
  const ids = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = () => {
    if (parsed.ok && !pending) onStart(parsed.value, text, picking ? triggerId : undefined);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      submit();
    }
  };
  const pick = (nodeId: string) => {
    const { workflowId, nodes } = store.getState();
    setTriggerId(nodeId);
    if (workflowId) setText(initialRunInput(workflowId, nodes, nodeId, registry));
  };
  const format = () => {
    if (parsed.ok) setText(JSON.stringify(parsed.value, null, 2));
  };

  return (
    <dialog ref={ref} className="dialog run-dialog" aria-labelledby={`${ids}-title`} onClose={onClose} onKeyDown={onKeyDown}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={`${ids}-title`}>Run workflow</h2>
        {picking && (
          <div className="run-dialog-trigger" style={{ marginBottom: 12 }}>
            <label htmlFor={`${ids}-trigger`} className="run-dialog-label">
              Trigger
            </label>
            <select
              id={`${ids}-trigger`}
              className="input"
              style={{ width: '100%' }}
              value={triggerId}
              onChange={(e) => pick(e.target.value)}
            >
              {triggers.map((t) => (
                <option key={t.nodeId} value={t.nodeId}>
                  {t.label} ({t.nodeId})
                </option>
              ))}
            </select>
          </div>
        )}
        <label htmlFor={`${ids}-input`} className="run-dialog-label">
          Input (JSON) <span className="muted">— the value {picking && picked ? picked.label : 'the trigger node'} emits</span>
        </label>
        <textarea
          id={`${ids}-input`}
          className="run-dialog-input"
          value={text}
          spellCheck={false}
          rows={10}
          aria-invalid={!parsed.ok}
          aria-describedby={`${ids}-status`}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${ids}-status`} className={parsed.ok ? 'muted run-dialog-status' : 'run-dialog-status run-dialog-invalid'}>
          {parsed.ok ? 'Valid JSON. Ctrl+Enter starts the run.' : `Invalid JSON: ${parsed.error}`}
        </p>
        {failure && (
          <div className="run-dialog-failure" role="alert">
            <p>{failure.message}</p>
            {failure.problems.length > 0 && (
              <ul>
                {failure.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button run-dialog-format" disabled={!parsed.ok} onClick={format}>
            Format
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="button button-primary" disabled={!parsed.ok || pending}>
            {pending ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
