import { useMemo, useState } from 'react';
import { useNodeRegistry } from '../../node-registry/NodeRegistryProvider.tsx';
import { createEdgeFlowStyler } from '../run/edge-flow.ts';
import { useEditor } from '../store/EditorStoreProvider.tsx';
import { indexNodes } from '../store/editor-store.ts';
import type { FlowEdge, FlowNode } from '../store/flow-types.ts';
import { selectRunNodes } from '../store/selectors.ts';

/**
 * The canvas's edges with the shown run's flow on them (taken edges lit, untaken ones dimmed, see edge-flow.ts).
 * Without a run they are the store's edges as they are; with one, only edges whose flow changed are new objects.
 */
export function useRunEdges(edges: FlowEdge[], nodes: FlowNode[]): FlowEdge[] {
  const registry = useNodeRegistry();
  const runNodes = useEditor(selectRunNodes);
  const [styler] = useState(createEdgeFlowStyler);
  return useMemo(
    () => (runNodes ? styler(edges, indexNodes(nodes), runNodes, registry) : edges),
    [styler, edges, nodes, runNodes, registry],
  );
}
