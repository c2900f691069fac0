import { type ReactNode, useEffect, useRef } from 'react';

/** A large modal around the code editor; Escape, the backdrop button or Done closes it. */
export function CodeModal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
    return () => dialog?.close?.();
  }, []);
  return (
    <dialog ref={ref} className="dialog code-modal" aria-labelledby="code-modal-title" onClose={onClose}>
      <div className="code-modal-head">
        <h2 id="code-modal-title">{title}</h2>
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
      {children}
    </dialog>
  );
}
