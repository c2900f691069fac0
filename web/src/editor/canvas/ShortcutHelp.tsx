import { useEffect, useRef } from 'react';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Every shortcut `useShortcuts` handles, plus React Flow's own gestures. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  [`${MOD}+Z`, 'Undo'],
  [`${MOD}+Shift+Z / ${MOD}+Y`, 'Redo'],
  [`${MOD}+C / ${MOD}+X / ${MOD}+V`, 'Copy, cut, paste the selection'],
  [`${MOD}+D`, 'Duplicate the selection'],
  [`${MOD}+A`, 'Select everything'],
  [`${MOD}+S`, 'Save a new version'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Shift+drag', 'Select an area'],
  [`${MOD}+click`, 'Add to the selection'],
  ['Shift+L', 'Auto-layout'],
  ['Shift+1', 'Fit the view'],
  ['Escape', 'Clear the selection'],
  ['?', 'This help'],
];

/** Modal list of keyboard shortcuts; Escape or the button closes it. */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
