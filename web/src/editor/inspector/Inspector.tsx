import { useEditor } from '../store/EditorStoreProvider.tsx';
import { selectSelectedNodeId } from '../store/selectors.ts';
import { NodeInspector } from './NodeInspector.tsx';
import './inspector.css';

const selectSelectedCount = (s: { nodes: readonly { selected?: boolean }[] }) =>
  s.nodes.reduce((n, node) => n + (node.selected ? 1 : 0), 0);

/** The side panel's configuration view: the selected node's form, or what to do when none or several are selected. */
export function Inspector() {
  const nodeId = useEditor(selectSelectedNodeId);
  const count = useEditor(selectSelectedCount);
  if (nodeId !== null) return <NodeInspector key={nodeId} nodeId={nodeId} />;
  return (
    <div className="inspector-empty">
      {count > 1 ? (
        <>
          <p className="empty-title">{count} nodes selected</p>
          <p className="muted">Select a single node to configure it. Delete, copy or duplicate work on all of them.</p>
        </>
      ) : (
        <>
          <p className="empty-title">Select a node to configure it</p>
          <p className="muted">Click a node on the canvas, or drag one in from the palette.</p>
        </>
      )}
    </div>
  );
}
