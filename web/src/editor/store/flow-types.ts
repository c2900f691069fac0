import type { NodeRegistry, NodeSettings, WorkflowEdge, WorkflowGraph, WorkflowNode } from '@switchyard/shared';
import type { Edge, Node } from '@xyflow/react';
import { estimateGeometry } from './node-geometry.ts';
import { portsOf } from './ports.ts';

/** What a canvas node carries: the document fields of one workflow node (never callbacks or UI state). */
export type NodeData = {
  /** Node type, a key of the editor's node registry (`code`, `trigger`, ...). */
  type: string;
  /** Definition version the config was written for. */
  version?: number;
  label?: string;
  /** Raw config as the user edits it; may be invalid (the compiler reports it, saving still works). */
  config: Record<string, unknown>;
  settings?: Partial<NodeSettings>;
};

/** React Flow node of the workflow canvas; all nodes render with one generic component. */
export type FlowNode = Node<NodeData, 'workflow'>;
/** Edges always join a named output port to a named input port. */
export type FlowEdge = Edge & { sourceHandle: string; targetHandle: string };

/**
 * A canvas node for a stored one. It carries React Flow's pre-measurement hints (size and handle
 * positions, see `node-geometry.ts`) so nodes off screen need not render to be measured.
 */
export function toFlowNode(node: WorkflowNode, registry: NodeRegistry): FlowNode {
  const data: NodeData = { type: node.type, config: node.config ?? {} };
  if (node.version !== undefined) data.version = node.version;
  if (node.label !== undefined) data.label = node.label;
  if (node.settings !== undefined) data.settings = node.settings;
  const geometry = estimateGeometry(portsOf(registry, data));
  return {
    id: node.id,
    type: 'workflow',
    position: { ...node.position },
    data,
    initialWidth: geometry.width,
    initialHeight: geometry.height,
    handles: geometry.handles,
  };
}

/** Drops the pre-measurement hints once React Flow has measured the node (its measurement rules). */
export function withoutEstimates(node: FlowNode): FlowNode {
  if (!node.handles) return node;
  const { handles: _h, initialWidth: _w, initialHeight: _ht, ...rest } = node;
  return rest;
}

export function toFlowEdge(edge: WorkflowEdge): FlowEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: edge.targetHandle,
  };
}

/** Canvas nodes and edges for a stored graph; `registry` gives the ports each node is measured by. */
export function toFlow(graph: WorkflowGraph, registry: NodeRegistry): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map((n) => toFlowNode(n, registry)), edges: graph.edges.map(toFlowEdge) };
}

/** The workflow document for the canvas state: what is saved, exported and compiled. */
export function toGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): WorkflowGraph {
  return {
    nodes: nodes.map((n) => {
      const out: WorkflowNode = {
        id: n.id,
        type: n.data.type,
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
        config: n.data.config,
      };
      if (n.data.version !== undefined) out.version = n.data.version;
      if (n.data.label !== undefined && n.data.label !== '') out.label = n.data.label;
      if (n.data.settings !== undefined && Object.keys(n.data.settings).length > 0) out.settings = n.data.settings;
      return out;
    }),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
    })),
  };
}
