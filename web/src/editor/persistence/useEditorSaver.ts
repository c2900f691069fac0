import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { call } from '../../api/client.ts';
import { rememberWorkflow } from '../../api/workflows.queries.ts';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import { selectDirty } from '../store/selectors.ts';
import { createEditorSaver, type EditorSaver } from './editor-saver.ts';
import type { SaveStatus } from './save-scheduler.ts';

const IDLE: SaveStatus = { saving: false, error: null };
const noSubscription = () => () => undefined;

/**
 * Owns the saver of the mounted editor for as long as the component using it is mounted: autosave,
 * Ctrl/Cmd+S anywhere on the page, a leave-page warning while changes are unsaved, and a final save
 * when the editor unmounts (navigating inside the app does not fire `beforeunload`).
 */
export function useEditorSaver(): { saver: EditorSaver | null; status: SaveStatus } {
  const store = useEditorApi();
  const queryClient = useQueryClient();
  const [saver, setSaver] = useState<EditorSaver | null>(null);

  useEffect(() => {
    const created = createEditorSaver(store, {
      put: (id, graph) => call('updateWorkflow', { params: { id }, body: { graph } }),
      onSaved: (wf) => rememberWorkflow(queryClient, wf),
    });
    setSaver(created);
    return () => created.close();
  }, [store, queryClient]);

  useEffect(() => {
    if (!saver) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
      // Capture phase: runs before Monaco or any field can swallow it, and the browser never shows "Save page".
      e.preventDefault();
      void saver.flush();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!selectDirty(store.getState()) && !saver.status().saving) return;
      e.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [saver, store]);

  const status = useSyncExternalStore(saver ? saver.subscribe : noSubscription, saver ? saver.status : () => IDLE);
  return { saver, status };
}
