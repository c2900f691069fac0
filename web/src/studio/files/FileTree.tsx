import { useState } from 'react';
import { useCan } from '../../auth/useCan.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';
import { defaultExtension } from './file-language.ts';

type Editing = { kind: 'add' } | { kind: 'rename'; path: string } | null;

/** The agent's files, sorted by path: open; add, rename, delete and choose the entry when the role may change agents. */
export function FileTree() {
  const store = useStudioApi();
  const canWrite = useCan('agents:write');
  const paths = useStudio((s) => s.draft.files.map((f) => f.path).join('\n'));
  const entry = useStudio((s) => s.draft.entry);
  const active = useStudio((s) => s.activePath);
  const language = useStudio((s) => s.draft.language);
  const [editing, setEditing] = useState<Editing>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const sorted = paths.split('\n').sort();

  const submit = (value: string) => {
    const path = value.trim();
    const state = store.getState();
    const error =
      editing?.kind === 'rename'
        ? state.renameFile(editing.path, path)
        : state.addFile(path.includes('.') ? path : path + defaultExtension(language));
    setProblem(error);
    if (!error) setEditing(null);
  };

  return (
    <div className="file-tree">
      <div className="file-tree-head">
        <span>Files</span>
        {canWrite && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setProblem(null);
              setEditing({ kind: 'add' });
            }}
          >
            Add file
          </button>
        )}
      </div>
      {editing?.kind === 'add' && (
        <PathInput label="New file path" initial="" onSubmit={submit} onCancel={() => setEditing(null)} />
      )}
      <ul aria-label="Agent files">
        {sorted.map((path) =>
          editing?.kind === 'rename' && editing.path === path ? (
            <li key={path}>
              <PathInput label={`Rename ${path}`} initial={path} onSubmit={submit} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={path} className="file-row" data-active={path === active}>
              <button type="button" className="file-open" onClick={() => store.getState().openFile(path)}>
                {path}
              </button>
              {path === entry ? (
                <span className="tag" title="main() of this file is called">
                  entry
                </span>
              ) : (
                canWrite && (
                  <button
                    type="button"
                    className="file-action"
                    aria-label={`Make ${path} the entry`}
                    onClick={() => store.getState().setEntry(path)}
                  >
                    ⇱
                  </button>
                )
              )}
              {canWrite && (
                <>
                  <button
                    type="button"
                    className="file-action"
                    aria-label={`Rename ${path}`}
                    onClick={() => {
                      setProblem(null);
                      setEditing({ kind: 'rename', path });
                    }}
                  >
                    ✎
                  </button>
                  <button
                    type="button"
                    className="file-action"
                    aria-label={`Delete ${path}`}
                    disabled={path === entry}
                    title={path === entry ? 'The entry file cannot be deleted' : undefined}
                    onClick={() => setDeleting(path)}
                  >
                    ✕
                  </button>
                </>
              )}
            </li>
          ),
        )}
      </ul>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting}?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setProblem(store.getState().deleteFile(deleting));
            setDeleting(null);
          }}
        >
          The file leaves the draft; saved versions keep it.
        </ConfirmDialog>
      )}
    </div>
  );
}

function PathInput({
  label,
  initial,
  onSubmit,
  onCancel,
}: {
  label: string;
  initial: string;
  onSubmit(value: string): void;
  onCancel(): void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <form
      className="file-path-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(value);
      }}
    >
      <input
        className="input"
        aria-label={label}
        placeholder="lib/util.ts"
        value={value}
        // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to type a name
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      />
    </form>
  );
}
