import { useShallow } from 'zustand/react/shallow';
import { useCan } from '../../auth/useCan.ts';
import { CodeEditor } from '../../editor/monaco/CodeEditor.tsx';
import { useStudio, useStudioApi } from '../StudioStoreProvider.tsx';
import { fileLanguage } from './file-language.ts';

/** The open files as tabs, and Monaco on the active one (one model per file). */
export function FileTabs({ agentId }: { agentId: string }) {
  const store = useStudioApi();
  const canWrite = useCan('agents:write');
  const openPaths = useStudio((s) => s.openPaths);
  const active = useStudio((s) => s.activePath);
  const content = useStudio((s) => s.draft.files.find((f) => f.path === s.activePath)?.content);
  const language = useStudio((s) => s.draft.language);
  // The other files, for TypeScript's import resolution; unchanged files keep their identity, so typing in one
  // file does not re-register the rest.
  const siblings = useStudio(useShallow((s) => s.draft.files.filter((f) => f.path !== s.activePath)));

  return (
    <div className="file-tabs">
      <div className="file-tab-strip" role="tablist" aria-label="Open files">
        {openPaths.map((path) => (
          <div key={path} className="file-tab" data-active={path === active}>
            <button type="button" role="tab" aria-selected={path === active} onClick={() => store.getState().openFile(path)}>
              {path}
            </button>
            <button
              type="button"
              className="file-tab-close"
              aria-label={`Close ${path}`}
              onClick={() => store.getState().closeFile(path)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      {active !== null && content !== undefined ? (
        <CodeEditor
          key={`${agentId}/${active}`}
          modelKey={`agents/${agentId}`}
          filePath={active}
          siblings={siblings}
          value={content}
          onChange={(next) => store.getState().setFileContent(active, next)}
          language={fileLanguage(active, language)}
          readOnly={!canWrite}
          height="100%"
          ariaLabel={`Code of ${active}`}
        />
      ) : (
        <p className="muted studio-empty">Open a file from the list.</p>
      )}
    </div>
  );
}
