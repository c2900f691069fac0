import { Graph, layout } from '@dagrejs/dagre';
import type { FlowEdge, FlowNode } from './flow-types.ts';

/** Size used for nodes React Flow has not measured yet (off-screen or never rendered). */
export const DEFAULT_NODE_SIZE = { width: 220, height: 96 };

/**
 * Left-to-right layered layout (dagre): sources on the left, each dependency level one column
 * further right. Returns the new top-left position of every node; nodes keep their identity otherwise.
 */
export function layoutPositions(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Map<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of nodes) {
    const size = { width: n.measured?.width ?? DEFAULT_NODE_SIZE.width, height: n.measured?.height ?? DEFAULT_NODE_SIZE.height };
    sizes.set(n.id, size);
    g.setNode(n.id, size);
  }
  for (const e of edges) if (sizes.has(e.source) && sizes.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number };
    const size = sizes.get(n.id) ?? DEFAULT_NODE_SIZE;
    out.set(n.id, { x: Math.round(p.x - size.width / 2), y: Math.round(p.y - size.height / 2) });
  }
  return out;
}
