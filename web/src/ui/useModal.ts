import { useEffect, useRef } from 'react';

/**
 * Opens a `<dialog>` as a modal for as long as the component is mounted (Escape fires its `cancel`),
 * then focuses the element marked `data-autofocus`, else the browser's choice (the first control).
 */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog.close();
  }, []);
  return ref;
}
