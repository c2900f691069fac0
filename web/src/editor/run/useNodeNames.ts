import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor } from '../store/EditorStoreProvider.tsx';

/**
 * id → the name users gave a node (its label), else its id. Ids beat type titles here: three
 * unlabelled code nodes would all read "Code". Re-renders only when an id or a label changes.
 */
export function useNodeNames(): Map<string, string> {
  const flat = useEditor(useShallow((s) => s.nodes.flatMap((n) => [n.id, n.data.label?.trim() || n.id])));
  return useMemo(() => {
    const names = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) names.set(flat[i] as string, flat[i + 1] as string);
    return names;
  }, [flat]);
}
