import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  type FinalConnectionState,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { checkConnection } from '@switchyard/shared';
import { type DragEvent, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { isTriggerType } from '../../node-registry/definitions.ts';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { useTheme } from '../../theme/theme.ts';
import { useEditor, useEditorApi } from '../store/EditorStoreProvider.tsx';
import { indexNodes } from '../store/editor-store.ts';
import type { FlowEdge, FlowNode } from '../store/flow-types.ts';
import { portsOf } from '../store/ports.ts';
import { selectEdges, selectNodes, selectReadOnly } from '../store/selectors.ts';
import { openingViewport } from './opening-viewport.ts';
import { PALETTE_MIME } from './Palette.tsx';
import { useRunEdges } from './useRunEdges.ts';
import { WorkflowNodeView } from './WorkflowNodeView.tsx';
import './canvas.css';

/** Built once at module scope, as React Flow requires for stable rendering. */
const nodeTypes = { workflow: WorkflowNodeView };
/**
 * The minimap redraws every node on every frame of a drag; past this size it costs about a sixth of
 * the frame rate (measured on 1,000 nodes), so large workflows open with it hidden (one click shows it).
 */
const MINIMAP_AUTO_LIMIT = 400;
const MINIMAP_SIZE = { width: 180, height: 120 };
const minimapColor = (node: FlowNode) => (node.selected ? 'var(--accent)' : 'var(--minimap-node)');

/** A performance mark when React Flow has the document laid out, for profiling how a workflow opens. */
const markCanvasReady = () => performance.mark('switchyard:canvas-ready');

/** The workflow canvas: nodes, typed handles, connections checked by the compiler's rules. */
export function Canvas() {
  const store = useEditorApi();
  const nodes = useEditor(selectNodes);
  const edges = useRunEdges(useEditor(selectEdges), nodes);
  const registry = useNodeRegistry();
  const readOnly = useEditor(selectReadOnly);
  const { resolved } = useTheme();
  const flow = useReactFlow();
  const actions = store.getState();
  const [minimap, setMinimap] = useState(() => store.getState().nodes.length <= MINIMAP_AUTO_LIMIT);

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
        { ports: (id) => (index.get(id) ? portsOf(registry, (index.get(id) as FlowNode).data) : undefined), edges: current },
        { source: from.nodeId, sourceHandle: from.id ?? '', target: to.nodeId, targetHandle: to.id ?? '' },
      );
      if (!verdict.ok) store.getState().notify(`Connection refused: ${verdict.message}`);
    },
    [store, registry],
  );

  // The opening viewport needs the pane's size, so React Flow mounts once the frame is measured.
  const frame = useRef<HTMLDivElement>(null);
  const [opening, setOpening] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const box = frame.current?.getBoundingClientRect();
    const size = { width: box?.width ?? 0, height: box?.height ?? 0 };
    setOpening(openingViewport(store.getState().nodes, size, (n) => isTriggerType(registry, n.data.type)));
  }, [store, registry]);

  return (
    <div ref={frame} className="canvas-frame">
      {opening && (
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
          defaultViewport={opening}
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
          onInit={markCanvasReady}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
          {minimap && <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Mini map" style={MINIMAP_SIZE} />}
          <Controls showInteractive={false}>
            <ControlButton
              onClick={() => setMinimap((on) => !on)}
              title={minimap ? 'Hide the minimap' : 'Show the minimap'}
              aria-label={minimap ? 'Hide the minimap' : 'Show the minimap'}
              aria-pressed={minimap}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <rect x="3" y="3" width="18" height="18" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
                <rect x="11" y="11" width="7" height="5" fill="currentColor" />
              </svg>
            </ControlButton>
          </Controls>
        </ReactFlow>
      )}
    </div>
  );
}
