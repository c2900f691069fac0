import type { NodePorts } from '@switchyard/shared';
import { type NodeHandle, Position } from '@xyflow/react';

/**
 * Where a workflow node's handles are and how big it is, computed from its ports with the same
 * numbers canvas/canvas.css lays it out with (e2e/specs/canvas.spec.ts checks them against the browser).
 *
 * Why: React Flow renders every node once to measure its handles, even with
 * `onlyRenderVisibleElements`, unless the node declares them. Declaring them lets a 1,000-node
 * workflow open by rendering only the ~80 nodes on screen. Once React Flow has measured a node, the
 * store drops these estimates and the measurement rules.
 */
export const NODE_GEOMETRY = {
  width: 220,
  /** `.wf-node` border. */
  border: 1,
  /** `.wf-node-head`: 7 + 2 px padding around a 13 px × 1.5 line. */
  head: 28.5,
  /** `.wf-node-sub`: 6 px padding under an 11 px × 1.5 tag with 3 px padding. */
  sub: 22.5,
  /** `.wf-node-ports`: 1 px border-top, 4 px padding-top, 6 px padding-bottom. */
  portsTop: 5,
  portsBottom: 6,
  /** `.port` height and the gap between rows. */
  row: 20,
  rowGap: 2,
  /** `.port .react-flow__handle`. */
  handle: 10,
} as const;

export interface NodeGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

export function estimateGeometry(ports: NodePorts): NodeGeometry {
  const g = NODE_GEOMETRY;
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const portsTop = g.border + g.head + g.sub + g.portsTop;
  const height =
    2 * g.border + g.head + g.sub + (rows > 0 ? g.portsTop + g.portsBottom + rows * g.row + (rows - 1) * g.rowGap : 0);
  const rowY = (i: number) => portsTop + i * (g.row + g.rowGap) + (g.row - g.handle) / 2;
  const handles: NodeHandle[] = [
    ...ports.inputs.map((p, i) => ({
      id: p.name,
      type: 'target' as const,
      position: Position.Left,
      x: -g.handle,
      y: rowY(i),
      width: g.handle,
      height: g.handle,
    })),
    ...ports.outputs.map((p, i) => ({
      id: p.name,
      type: 'source' as const,
      position: Position.Right,
      x: g.width,
      y: rowY(i),
      width: g.handle,
      height: g.handle,
    })),
  ];
  return { width: g.width, height, handles };
}
