import { Link } from 'wouter';
import { useCan } from '../auth/useCan.ts';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';
import { useFitView } from './canvas/useFitView.ts';
import type { Drawer, EditorMode } from './EditorLayout.tsx';
import { ImportExportButtons } from './persistence/ImportExport.tsx';
import { SaveControls } from './persistence/SaveControls.tsx';
import { WorkflowNameField } from './persistence/WorkflowNameField.tsx';
import { RunControls } from './run/RunControls.tsx';
import { useEditor, useEditorApi } from './store/EditorStoreProvider.tsx';
import { selectCanRedo, selectCanUndo, selectReadOnly } from './store/selectors.ts';

interface Props {
  mode: EditorMode;
  drawer: Drawer;
  onDrawer(drawer: Exclude<Drawer, null>): void;
  onRunStarted(): void;
  onHelp(): void;
}

/**
 * Top bar: name and save state, history, layout and view controls, run. A role that cannot change workflows
 * sees the latest version read-only (and may still run it when it holds `runs:create`).
 */
export function EditorToolbar({ mode, drawer, onDrawer, onRunStarted, onHelp }: Props) {
  const store = useEditorApi();
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const fit = useFitView();
  const readOnly = useEditor(selectReadOnly);
  const canRun = useCan('runs:create');
  const editing = mode.kind === 'edit' && !readOnly;
  return (
    <header className="editor-toolbar">
      <Link className="brand brand-compact" href="/" aria-label="All workflows" title="All workflows">
        <img src="/favicon.svg" alt="" width={22} height={22} />
      </Link>
      <WorkflowNameField />
      {editing && <SaveControls />}
      {mode.kind === 'edit' && readOnly && (
        <span className="tag tag-muted" title="Your role in this workspace cannot change workflows">
          Read only
        </span>
      )}
      <div className="toolbar-group">
        {editing && (
          <>
            <button
              type="button"
              className="icon-button"
              aria-label="Undo"
              title="Undo (Ctrl+Z)"
              disabled={!canUndo}
              onClick={() => store.getState().undo()}
            >
              ↶
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Redo"
              title="Redo (Ctrl+Shift+Z)"
              disabled={!canRedo}
              onClick={() => store.getState().redo()}
            >
              ↷
            </button>
            <button
              type="button"
              className="button"
              title="Arrange nodes left to right (Shift+L)"
              onClick={() => {
                store.getState().autoLayout();
                requestAnimationFrame(() => fit());
              }}
            >
              Auto-layout
            </button>
          </>
        )}
        <button type="button" className="button" title="Fit view (Shift+1)" onClick={() => fit()}>
          Fit
        </button>
      </div>
      <div className="toolbar-group">
        {editing && <ImportExportButtons />}
        <button type="button" className="button" aria-pressed={drawer === 'history'} onClick={() => onDrawer('history')}>
          History
        </button>
        <button type="button" className="button" aria-pressed={drawer === 'runs'} onClick={() => onDrawer('runs')}>
          Runs
        </button>
      </div>
      <div className="toolbar-end">
        {mode.kind === 'edit' && canRun && <RunControls onRunStarted={onRunStarted} />}
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={onHelp}
        >
          ?
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}
