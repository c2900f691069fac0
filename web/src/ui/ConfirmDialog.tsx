import type { ReactNode } from 'react';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { useModal } from './useModal.ts';
import './confirm-dialog.css';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Destructive: the confirm button is red and Cancel has the initial focus. */
  danger?: boolean;
  /** The action is running: both buttons wait. */
  busy?: boolean;
  /** The confirm button waits for something the dialog asks for (a typed name, a password). */
  confirmDisabled?: boolean;
  /** Why the last attempt failed; the dialog stays open so the user can retry or cancel. */
  error?: Error | null;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal yes/no question for actions that are hard to take back (delete, restore). */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  busy,
  confirmDisabled,
  error,
  onConfirm,
  onCancel,
}: Props) {
  const ref = useModal();
  return (
    <dialog
      ref={ref}
      className="dialog confirm-dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div className="confirm-body">{children}</div>
      {error && <ErrorNotice error={error} />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy} data-autofocus={danger ? '' : undefined}>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={onConfirm}
          disabled={busy || confirmDisabled}
          data-autofocus={danger ? undefined : ''}
        >
          {busy ? `${confirmLabel}…` : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
