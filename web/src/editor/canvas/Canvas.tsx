import {
  Background,
  BackgroundVariant,
  Controls,
  type FinalConnectionState,
  MiniMap,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { checkConnection } from '@switchyard/shared';
import { type DragEvent, useCallback } from 'react';
import { useTheme } from '../../theme/theme.ts';
import { useEditor, useEditorApi } from '../store/EditorStoreProvider.tsx';
import { indexNodes } from '../store/editor-store.ts';
import type { FlowEdge, FlowNode } from '../store/flow-types.ts';
import { portsOf } from '../store/ports.ts';
import { selectEdges, selectNodes, selectReadOnly } from '../store/selectors.ts';
import { PALETTE_MIME } from './Palette.tsx';
import { WorkflowNodeView } from './WorkflowNodeView.tsx';
import './canvas.css';

/** Built once at module scope, as React Flow requires for stable rendering. */
const nodeTypes = { workflow: WorkflowNodeView };
const FIT_VIEW_OPTIONS = { maxZoom: 1.1, padding: 0.15 };
const minimapColor = (node: FlowNode) => (node.selected ? 'var(--accent)' : 'var(--minimap-node)');

/** The workflow canvas: nodes, typed handles, connections checked by the compiler's rules. */
export function Canvas() {
  const store = useEditorApi();
  const nodes = useEditor(selectNodes);
  const edges = useEditor(selectEdges);
  const readOnly = useEditor(selectReadOnly);
  const { resolved } = useTheme();
  const flow = useReactFlow();
  const actions = store.getState();

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.getState().addNode(type, { x: at.x - 110, y: at.y - 30 });
    },
    [flow, store],
  );

  // A refused drop says why: React Flow only reports that the connection was invalid.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
      const { nodes: all, edges: current } = store.getState();
      const index = indexNodes(all);
      const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
      const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
      const verdict = checkConnection(
        { ports: (id) => (index.get(id) ? portsOf((index.get(id) as FlowNode).data) : undefined), edges: current },
        { source: from.nodeId, sourceHandle: from.id ?? '', target: to.nodeId, targetHandle: to.id ?? '' },
      );
      if (!verdict.ok) store.getState().notify(`Connection refused: ${verdict.message}`);
    },
    [store],
  );

  return (
    <ReactFlow<FlowNode, FlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={actions.onNodesChange}
      onEdgesChange={actions.onEdgesChange}
      onConnect={actions.connect}
      onConnectEnd={onConnectEnd}
      isValidConnection={actions.canConnect}
      onDrop={onDrop}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(PALETTE_MIME)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
      colorMode={resolved}
      fitView
      fitViewOptions={FIT_VIEW_OPTIONS}
      minZoom={0.05}
      maxZoom={2}
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Meta', 'Control']}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={false}
      onlyRenderVisibleElements
      defaultEdgeOptions={{ type: 'default' }}
      aria-label="Workflow canvas"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
      <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Mini map" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
