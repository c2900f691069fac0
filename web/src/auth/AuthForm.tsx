import type { ReactNode } from 'react';

interface Props {
  /** The request is running: the button shows `pendingLabel`. */
  busy: boolean;
  submitLabel: string;
  pendingLabel: string;
  /** The button waits for something else (a sign-in limit running out). */
  submitDisabled?: boolean;
  /** Called on submit only when nothing is pending and submit is enabled. */
  onSubmit(): void;
  /** The fields and any notice, above the submit button. */
  children: ReactNode;
}

/** The form of an auth card: its fields, then one full-width submit button that shows progress. */
export function AuthForm({ busy, submitLabel, pendingLabel, submitDisabled, onSubmit, children }: Props) {
  return (
    <form
      className="auth-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy && !submitDisabled) onSubmit();
      }}
    >
      {children}
      <button type="submit" className="button button-primary" disabled={busy || submitDisabled}>
        {busy ? pendingLabel : submitLabel}
      </button>
    </form>
  );
}
