import { type ReactNode, useState } from 'react';
import './shown-once.css';

interface Props {
  /** What the value is, e.g. "Invite link" (labels the field; the button is "Copy <label>"). */
  label: string;
  value: string;
  children?: ReactNode;
}

/** A value the server shows only once (a token, an invite link): read-only, selectable, with a copy button. */
export function ShownOnce({ label, value, children }: Props) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="once" role="status">
      <strong>Copy it now: it is shown only once.</strong>
      <div className="once-value">
        <input className="input" aria-label={label} value={value} readOnly onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="button"
          aria-label={`Copy ${label.toLowerCase()}`}
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {children}
    </div>
  );
}
