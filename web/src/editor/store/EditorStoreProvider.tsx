import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { createEditorStore, type EditorDocument, type EditorState, type EditorStore } from './editor-store.ts';

const EditorStoreContext = createContext<EditorStore | null>(null);

/**
 * One store per mounted editor; remount (change `key`) to edit another workflow. The store edits with the node
 * types of the nearest `NodeRegistryProvider` (read once, at creation).
 */
export function EditorStoreProvider({ initial, children }: { initial?: EditorDocument; children: ReactNode }) {
  const registry = useNodeRegistry();
  const [store] = useState(() => createEditorStore(initial, { registry }));
  useEffect(() => {
    // A handle for benchmarks and end-to-end tests to read the document the user sees.
    (window as { __switchyardEditor?: EditorStore }).__switchyardEditor = store;
  }, [store]);
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

/** The store itself, for actions and one-off reads (`useEditorApi().getState().undo()`). */
export function useEditorApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor must be used inside <EditorStoreProvider>');
  return store;
}

/** Subscribes to one narrow slice of the editor state; re-renders only when it changes (Object.is). */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorApi(), selector);
}
