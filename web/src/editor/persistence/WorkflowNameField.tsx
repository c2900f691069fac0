import { useState } from 'react';
import { useRenameWorkflow } from '../../api/workflows.mutations.ts';
import { useEditor, useEditorApi } from '../store/EditorStoreProvider.tsx';
import './persistence.css';

/**
 * The workflow's name in the toolbar; editable in the editable editor. Enter or leaving the field
 * renames (PUT `{name}`, no new version); Escape cancels. Shown at once, reverted if the server refuses.
 */
export function WorkflowNameField() {
  const store = useEditorApi();
  const name = useEditor((s) => s.name);
  const readOnly = useEditor((s) => s.readOnly);
  const rename = useRenameWorkflow();
  const [draft, setDraft] = useState<string | null>(null);

  if (readOnly)
    return (
      <span className="workflow-title" title={name}>
        {name}
      </span>
    );

  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    const next = draft.trim();
    const s = store.getState();
    if (next === s.name) return;
    if (next === '') return s.notify('A workflow needs a name; the old one was kept.');
    const id = s.workflowId;
    if (!id) return;
    const previous = s.name;
    s.rename(next);
    rename.mutate(
      { id, name: next },
      {
        onSuccess: (wf) => store.getState().rename(wf.name),
        onError: (error) => {
          // Only undo our own optimistic name, not a later rename.
          if (store.getState().name === next) store.getState().rename(previous);
          store.getState().notify(`Could not rename: ${error.message}`);
        },
      },
    );
  };

  const value = draft ?? name;
  return (
    <input
      className="name-field"
      aria-label="Workflow name"
      title="Rename (Enter to confirm, Escape to cancel)"
      value={value}
      maxLength={200}
      size={Math.min(Math.max(value.length, 8), 40)}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          const field = e.currentTarget;
          setDraft(null);
          // Keep the editor's Escape (clear selection) from firing; the field just gives up focus.
          e.stopPropagation();
          requestAnimationFrame(() => field.blur());
        }
      }}
    />
  );
}
