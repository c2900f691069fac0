import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './code-editor-props.ts';
import { PlainCodeArea } from './PlainCodeArea.tsx';

/** Monaco is loaded on first use, so the canvas paints without waiting for it. */
const MonacoCodeEditor = lazy(() => import('./MonacoCodeEditor.tsx'));

/** Monaco needs Web Workers for its language services; without them the plain editor is the whole editor. */
const canRunMonaco = typeof window !== 'undefined' && typeof window.Worker === 'function';

/** A code editor: Monaco where it can run, the plain textarea while it loads and where it cannot. */
export function CodeEditor(props: CodeEditorProps) {
  if (!canRunMonaco) return <PlainCodeArea {...props} />;
  return (
    <Suspense fallback={<PlainCodeArea {...props} />}>
      {/* `nokey`: React Flow's document-level key handlers (Space pans, Backspace deletes) must not see
          keys typed into Monaco, whose focused element is not an input when it uses EditContext. */}
      <div className="monaco-frame nokey" style={{ height: props.height }}>
        <MonacoCodeEditor {...props} />
      </div>
    </Suspense>
  );
}
