import type { Workflow, WorkflowGraph } from '@switchyard/shared';
import type { EditorStore } from '../store/editor-store.ts';
import { selectDirty } from '../store/selectors.ts';
import { createSaveScheduler, type SaveScheduler } from './save-scheduler.ts';

/** Autosave runs after this long without an edit (ms). */
export const AUTOSAVE_QUIET_MS = 2_000;

export interface EditorSaverDeps {
  /** PUT `{graph}`: saves a new version and returns the workflow as saved. */
  put(workflowId: string, graph: WorkflowGraph): Promise<Workflow>;
  /** Called after each new version, e.g. to update query caches. */
  onSaved?(wf: Workflow): void;
  quietMs?: number;
}

/** The save scheduler of one editor store, bound to its document. */
export interface EditorSaver extends SaveScheduler {
  /** Stops listening; saves pending edits first (leaving the editor must not lose them). */
  close(): void;
}

const savers = new WeakMap<EditorStore, EditorSaver>();

/** The saver of an editable, mounted editor (`SaveControls` owns it), or null when read-only. */
export function saverOf(store: EditorStore): EditorSaver | null {
  return savers.get(store) ?? null;
}

/**
 * Binds a save scheduler to an editor store: every document revision restarts the autosave timer;
 * a save PUTs the graph and marks the revision it started from as saved, so edits made while the
 * request was in flight keep the document dirty. A graph identical to the last saved one is marked
 * saved without a request (undoing back to the saved state creates no version).
 */
export function createEditorSaver(store: EditorStore, deps: EditorSaverDeps): EditorSaver {
  const dirty = () => selectDirty(store.getState());
  let savedJson = dirty() ? null : JSON.stringify(store.getState().graph());

  const save = async () => {
    const s = store.getState();
    if (!s.workflowId) throw new Error('This workflow has no id, so it cannot be saved.');
    const revision = s.revision;
    const graph = s.graph();
    const json = JSON.stringify(graph);
    if (json === savedJson && s.savedVersion !== null) {
      s.markSaved(s.savedVersion, revision);
      return;
    }
    const wf = await deps.put(s.workflowId, graph);
    savedJson = json;
    store.getState().markSaved(wf.version, revision);
    deps.onSaved?.(wf);
  };

  const scheduler = createSaveScheduler({ save, isDirty: dirty, quietMs: deps.quietMs ?? AUTOSAVE_QUIET_MS });
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.revision !== prev.revision) scheduler.touch();
  });
  const saver: EditorSaver = {
    ...scheduler,
    close() {
      unsubscribe();
      scheduler.dispose();
      if (savers.get(store) === saver) savers.delete(store);
      if (dirty()) void scheduler.flush();
    },
  };
  savers.set(store, saver);
  return saver;
}
