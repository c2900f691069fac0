import { useWorkflow } from '../../api/workflows.queries.ts';
import { dateTime, timeAgo } from '../../format.ts';
import { useNow } from '../../ui/useNow.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import { selectDirty } from '../store/selectors.ts';
import { useEditorSaver } from './useEditorSaver.ts';
import './persistence.css';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * Save state and the Save button of the editable editor. Every save is a new immutable version;
 * autosave runs after a short pause in editing, Ctrl/Cmd+S saves at once. Compile errors do not
 * block saving (a draft may be incomplete); a failed save keeps the changes and says why.
 */
export function SaveControls() {
  const { saver, status } = useEditorSaver();
  const dirty = useEditor(selectDirty);
  const version = useEditor((s) => s.savedVersion);
  const workflowId = useEditor((s) => s.workflowId) ?? '';
  const savedAt = useWorkflow(workflowId).data?.updatedAt;
  const now = useNow();

  const state = status.saving ? 'saving' : status.error && dirty ? 'error' : dirty ? 'dirty' : 'saved';
  let label: string;
  let title: string | undefined;
  switch (state) {
    case 'saving':
      label = 'Saving…';
      break;
    case 'error':
      label = 'Not saved';
      title = status.error?.message;
      break;
    case 'dirty':
      label = 'Unsaved changes';
      title = 'Saves automatically when you pause editing';
      break;
    default:
      label = version === null ? 'Not saved yet' : `Saved v${version}${savedAt ? ` · ${timeAgo(savedAt, now)}` : ''}`;
      title = savedAt ? `Saved ${dateTime(savedAt)}` : undefined;
  }

  return (
    <div className="save-controls">
      <span className="save-state" data-state={state} role="status" aria-live="polite" title={title}>
        <span className="save-dot" aria-hidden="true" />
        {label}
      </span>
      {state === 'error' && status.error && (
        <span className="save-error" role="alert">
          {status.error.message}
        </span>
      )}
      <button
        type="button"
        className="button"
        title={`Save a new version (${MOD}+S)`}
        disabled={!saver || (!dirty && !status.saving)}
        onClick={() => void saver?.flush()}
      >
        {state === 'error' ? 'Retry save' : 'Save'}
      </button>
    </div>
  );
}
