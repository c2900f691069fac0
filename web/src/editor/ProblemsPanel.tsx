import { useFitView } from './canvas/useFitView.ts';
import { useEditor, useEditorApi } from './store/EditorStoreProvider.tsx';
import { selectProblems } from './store/selectors.ts';

/** Every compile error of the document; clicking one selects and centres the node it names. */
export function ProblemsPanel() {
  const problems = useEditor(selectProblems);
  const store = useEditorApi();
  const fit = useFitView();
  if (problems.length === 0)
    return (
      <p className="muted panel-empty" data-testid="problems-empty">
        No problems. The workflow is ready to run.
      </p>
    );
  const focus = (nodeId: string) => {
    store.getState().selectOnly([nodeId]);
    fit({ nodes: [{ id: nodeId }], maxZoom: 1.2 });
  };
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((p, i) => {
        const target = p.nodeId ?? p.nodeIds?.[0];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity; the list is replaced wholesale.
          <li key={i}>
            <button type="button" className="problem" disabled={!target} onClick={() => target && focus(target)}>
              <span className="problem-code">{p.code}</span>
              <span>{p.message}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
