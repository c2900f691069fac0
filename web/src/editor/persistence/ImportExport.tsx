import { useRef, useState } from 'react';
import { plural } from '../../format.ts';
import { useFitView } from '../canvas/useFitView.ts';
import { useEditorApi } from '../store/EditorStoreProvider.tsx';
import { ImportErrorDialog } from './ImportErrorDialog.tsx';
import { MAX_IMPORT_BYTES, parseWorkflowFile, workflowFileName, workflowFileText } from './workflow-file.ts';

interface ImportFailure {
  fileName: string;
  message: string;
  issues: string[];
}

/**
 * Export downloads the canvas as `<slug>.workflow.json` (`{ name, graph }`, the format of
 * `examples/`). Import replaces the canvas with a file's graph as one undoable edit; autosave then
 * stores it as a new version. The workflow keeps its own name.
 */
export function ImportExportButtons() {
  const store = useEditorApi();
  const fit = useFitView();
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<ImportFailure | null>(null);

  const exportFile = () => {
    const { name, graph } = store.getState();
    const blob = new Blob([workflowFileText(name, graph())], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = workflowFileName(name);
    link.click();
    // The click starts the download synchronously; revoke on the next task, once the browser holds the blob.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const importFile = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      setFailure({ fileName: file.name, message: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`, issues: [] });
      return;
    }
    const parsed = parseWorkflowFile(await file.text());
    if (!parsed.ok) {
      setFailure({ fileName: file.name, message: parsed.message, issues: parsed.issues });
      return;
    }
    const s = store.getState();
    s.replaceGraph(parsed.graph);
    // An imported graph can sit anywhere in flow space: bring it into view once React Flow has measured it.
    requestAnimationFrame(() => fit());
    const what = parsed.name ? `“${parsed.name}”` : file.name;
    s.notify(`Imported ${what} (${plural(parsed.graph.nodes.length, 'node')}). Undo with ${MOD}+Z.`);
  };

  return (
    <>
      <button
        type="button"
        className="button"
        title="Replace the canvas with a .workflow.json file"
        onClick={() => input.current?.click()}
      >
        Import
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Workflow file to import"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Reset so choosing the same file again still fires change.
          e.currentTarget.value = '';
          if (file) void importFile(file);
        }}
      />
      <button type="button" className="button" title="Download this canvas as a .workflow.json file" onClick={exportFile}>
        Export
      </button>
      {failure && <ImportErrorDialog {...failure} onClose={() => setFailure(null)} />}
    </>
  );
}

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
