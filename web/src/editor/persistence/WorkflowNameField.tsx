import { useEditor } from '../store/EditorStoreProvider.tsx';

/** Stub: replaced by the persistence work (inline rename). */
export function WorkflowNameField() {
  const name = useEditor((s) => s.name);
  return <span className="workflow-title">{name}</span>;
}
