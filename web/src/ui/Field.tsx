import { type InputHTMLAttributes, useId } from 'react';
import '../pages/home.css';

export type FieldProps = { label: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'className'>;

/** A labelled text input for forms and dialogs (`.create-field`), with an optional hint read after the label. */
export function Field({ label, hint, ...input }: FieldProps) {
  const hintId = useId();
  return (
    <label className="create-field">
      <span>{label}</span>
      <input className="input" aria-describedby={hint ? hintId : undefined} {...input} />
      {hint && (
        <small id={hintId} className="muted">
          {hint}
        </small>
      )}
    </label>
  );
}
