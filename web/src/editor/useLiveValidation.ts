import { compile } from '@switchyard/shared';
import { useEffect } from 'react';
import { useNodeRegistry } from '../node-registry/NodeRegistryProvider.tsx';
import { useEditor, useEditorApi } from './store/EditorStoreProvider.tsx';
import { toGraph } from './store/flow-types.ts';

/** Delay after the last structural edit before the compiler runs again. */
export const VALIDATE_DEBOUNCE_MS = 120;

/**
 * Runs the shared compiler (with the editor's node types) in the browser whenever the document changes in a way that can change its
 * verdict (moves and selection do not), a moment after the user stops typing, and stores the errors.
 */
export function useLiveValidation(): void {
  const store = useEditorApi();
  const registry = useNodeRegistry();
  const structure = useEditor((s) => s.structureRevision);
  useEffect(() => {
    const first = store.getState().problemsRevision < 0;
    const run = () => {
      const { nodes, edges } = store.getState();
      const started = performance.now();
      const result = compile(toGraph(nodes, edges), { registry });
      performance.measure('switchyard:compile', { start: started, end: performance.now() });
      store.getState().setProblems(result.errors, structure);
    };
    if (first) {
      run();
      return;
    }
    const timer = setTimeout(run, VALIDATE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [store, registry, structure]);
}
