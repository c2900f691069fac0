import { useEditor } from '../store/EditorStoreProvider.tsx';
import { selectReadOnly, selectSelectedNodeId } from '../store/selectors.ts';
import { NodeInspector } from './NodeInspector.tsx';
import './inspector.css';

const selectSelectedCount = (s: { nodes: readonly { selected?: boolean }[] }) =>
  s.nodes.reduce((n, node) => n + (node.selected ? 1 : 0), 0);

/** Settings of the whole workflow, shown while no node is selected. */
function WorkflowSettings() {
  const trusted = useEditor((s) => s.settings.trustedExecution === true);
  const readOnly = useEditor(selectReadOnly);
  const update = useEditor((s) => s.updateWorkflowSettings);
  return (
    <fieldset className="workflow-settings">
      <legend>Workflow</legend>
      <label className="toggle-row">
        <input
          type="checkbox"
          checked={trusted}
          disabled={readOnly}
          onChange={(e) => update({ trustedExecution: e.currentTarget.checked })}
          data-testid="trusted-execution"
        />
        Trusted execution
      </label>
      <p className="muted">
        Lets code run with process isolation only when this server has no OS sandbox (bubblewrap). Leave it off unless you trust
        every node's code.
      </p>
    </fieldset>
  );
}

/** The side panel's configuration view: the selected node's form, or what to do when none or several are selected. */
export function Inspector() {
  const nodeId = useEditor(selectSelectedNodeId);
  const count = useEditor(selectSelectedCount);
  // Read-only (a viewer or runner, or an old version): no palette and nothing to change, so say so.
  const readOnly = useEditor(selectReadOnly);
  if (nodeId !== null) return <NodeInspector key={nodeId} nodeId={nodeId} />;
  return (
    <div className="inspector-empty">
      {count > 1 ? (
        <>
          <p className="empty-title">{count} nodes selected</p>
          <p className="muted">
            {readOnly
              ? 'Select a single node to see its settings.'
              : 'Select a single node to configure it. Delete, copy or duplicate work on all of them.'}
          </p>
        </>
      ) : (
        <>
          <p className="empty-title">{readOnly ? 'Select a node to see its settings' : 'Select a node to configure it'}</p>
          <p className="muted">
            {readOnly
              ? 'Click a node on the canvas. This workflow is read-only here.'
              : 'Click a node on the canvas, or drag one in from the palette.'}
          </p>
          <WorkflowSettings />
        </>
      )}
    </div>
  );
}
