import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import './popover.css';

interface Props {
  /** The button's accessible name (its visible content may be shorter). */
  label: string;
  /** What the button shows. */
  button: ReactNode;
  /** The panel; `close` hides it (after an action). */
  children(close: () => void): ReactNode;
}

/** A button that shows a panel below it (a disclosure): closes on Escape, on a click outside, or when an action asks. */
export function Popover({ label, button, children }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="popover" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="button popover-toggle"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {button}
        <span aria-hidden="true" className="popover-caret">
          ▾
        </span>
      </button>
      {open && (
        <div id={panelId} className="popover-panel">
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
