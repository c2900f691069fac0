import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { parseRunInput } from './run-input.ts';
import type { StartFailure } from './useStartRun.ts';

interface Props {
  /** The text the field opens with (see `initialRunInput`). */
  initialText: string;
  /** True while saving and starting: Start shows progress and cannot be pressed twice. */
  pending: boolean;
  /** Why the last start failed (kept visible until the next attempt). */
  failure: StartFailure | null;
  /** The user asked to start with this parsed input (the text is what they typed). */
  onStart(input: unknown, text: string): void;
  onClose(): void;
}

/**
 * The modal that asks for a run's input as JSON. Invalid JSON shows the parser's message and
 * disables Start; Ctrl/Cmd+Enter starts from anywhere in the dialog; Escape closes it.
 */
export function RunInputDialog({ initialText, pending, failure, onStart, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(initialText);
  const parsed = useMemo(() => parseRunInput(text), [text]);
  const ids = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = () => {
    if (parsed.ok && !pending) onStart(parsed.value, text);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      submit();
    }
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
        <label htmlFor={`${ids}-input`} className="run-dialog-label">
          Input (JSON) <span className="muted">— the value the trigger node emits</span>
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
