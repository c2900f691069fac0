import { useEffect } from 'react';
import { parseClipboard } from '../store/clipboard.ts';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import { useFitView } from './useFitView.ts';

/** Keys typed into a field, a select or Monaco belong to that field, not to the canvas. */
export function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('.monaco-editor, dialog, [role="dialog"]')) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

type Action =
  | 'undo'
  | 'redo'
  | 'selectAll'
  | 'duplicateSelection'
  | 'deleteSelection'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'layout'
  | 'fit'
  | 'help'
  | 'clear'
  | 'save';

/** The action a key press asks for, if any. Ctrl and Cmd are the same modifier. */
export function bindingFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): Action | null {
  const key = e.key.toLowerCase();
  if (e.ctrlKey || e.metaKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    const withMod: Record<string, Action> = {
      y: 'redo',
      a: 'selectAll',
      d: 'duplicateSelection',
      c: 'copy',
      x: 'cut',
      v: 'paste',
    };
    return withMod[key] ?? null;
  }
  if (key === 'delete' || key === 'backspace') return 'deleteSelection';
  if (key === 'escape') return 'clear';
  if (e.key === '?') return 'help';
  if (e.shiftKey && key === 'l') return 'layout';
  if (e.shiftKey && e.code === 'Digit1') return 'fit';
  return null;
}

/**
 * Editor keyboard shortcuts (listed in `ShortcutHelp`): undo/redo, copy/cut/paste/duplicate,
 * delete, select all, auto-layout, fit view and the help overlay.
 */
export function useShortcuts({ onHelp }: { onHelp(): void }): void {
  const store = useEditorApi();
  const fit = useFitView();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextInput(e.target)) return;
      const action = bindingFor(e);
      if (!action) return;
      const s = store.getState();
      switch (action) {
        case 'copy':
        case 'cut': {
          const content = s.copySelection();
          if (!content) return;
          void navigator.clipboard?.writeText(JSON.stringify(content)).catch(() => undefined);
          if (action === 'cut') s.deleteSelection();
          break;
        }
        // With our own clipboard filled, paste it; otherwise let the browser's paste event bring text in.
        case 'paste':
          if (!s.clipboard) return;
          s.paste();
          break;
        case 'layout':
          s.autoLayout();
          fit();
          break;
        case 'fit':
          fit();
          break;
        case 'help':
          onHelp();
          break;
        case 'clear':
          s.selectOnly([]);
          break;
        // Saving is SaveControls' (edit mode); elsewhere the browser's "Save page" would be a surprise.
        case 'save':
          if (!s.readOnly) return;
          s.notify('This is a read-only view: nothing to save.');
          break;
        default:
          s[action]();
      }
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTextInput(e.target)) return;
      const content = parseClipboard(e.clipboardData?.getData('text/plain') ?? '');
      if (!content) return;
      e.preventDefault();
      store.getState().paste(content);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [store, fit, onHelp]);
}
