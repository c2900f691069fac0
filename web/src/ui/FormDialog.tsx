import { type ReactNode, useId } from 'react';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { useModal } from './useModal.ts';

interface Props {
  title: ReactNode;
  /** The heading's id (the dialog's name); generated when omitted. */
  titleId?: string;
  /** Added to `dialog`, e.g. `agent-dialog`. */
  className?: string;
  /** The request is running: Escape and Cancel wait, the submit button shows `pendingLabel`. */
  busy: boolean;
  submitLabel: string;
  pendingLabel: string;
  /** The submit button waits for something the form asks for (a name, matching passwords). */
  submitDisabled?: boolean;
  /** Why the last attempt failed, shown above the buttons; the dialog stays open to retry or cancel. */
  error?: Error | null;
  /** Set once the work is done (e.g. `Done`, `Close`): the submit button goes and Cancel reads this. */
  doneLabel?: string;
  /** Called on submit only when nothing is pending, submit is enabled and the work is not done. */
  onSubmit(): void;
  onClose(): void;
  /** The fields, between the title and the error. */
  children: ReactNode;
}

/** A modal form: title, fields, the last error, Cancel and a submit button that shows progress. */
export function FormDialog(props: Props) {
  const { busy, submitDisabled, doneLabel, error, onClose } = props;
  const ref = useModal();
  const generatedId = useId();
  const titleId = props.titleId ?? generatedId;
  const done = doneLabel !== undefined;
  return (
    <dialog
      ref={ref}
      className={props.className ? `dialog ${props.className}` : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && !submitDisabled && !done) props.onSubmit();
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
        {error && <ErrorNotice error={error} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {doneLabel ?? 'Cancel'}
          </button>
          {!done && (
            <button type="submit" className="button button-primary" disabled={submitDisabled || busy}>
              {busy ? props.pendingLabel : props.submitLabel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
