import type { NodeRegistry } from '@switchyard/shared';
import { definitionOf } from '../../node-registry/definitions.ts';
import type { FlowEdge, FlowNode, NodeData } from './flow-types.ts';

/** Copied nodes and the edges between them, as plain data (also what goes to the system clipboard). */
export interface ClipboardContent {
  kind: 'switchyard/nodes';
  nodes: { id: string; position: { x: number; y: number }; data: NodeData }[];
  edges: { source: string; sourceHandle: string; target: string; targetHandle: string }[];
}

export function copyOf(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): ClipboardContent | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    kind: 'switchyard/nodes',
    nodes: picked.map((n) => ({ id: n.id, position: { ...n.position }, data: structuredClone(n.data) })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle })),
  };
}

/** A readable id not yet used: `code_3`, `trigger_1`. */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_.:-]/g, '_') || 'node';
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function freshEdgeId(
  e: { source: string; sourceHandle: string; target: string; targetHandle: string },
  taken: ReadonlySet<string>,
) {
  const base = `${e.source}.${e.sourceHandle}--${e.target}.${e.targetHandle}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}~${n}`)) return `${base}~${n}`;
}

/** Where pasted content lands: the canvas it joins, how far it is shifted, and the definitions it is checked with. */
export interface PasteTarget {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
  offset: { x: number; y: number };
  registry: NodeRegistry;
}

/**
 * Materialises clipboard content as new nodes (fresh ids, shifted by `offset`) and the edges between
 * them. A singleton type (the trigger) already on the canvas is left out, with its edges, and reported.
 */
export function pasteOf(
  content: ClipboardContent,
  { nodes: existing, edges: existingEdges, offset, registry }: PasteTarget,
): { nodes: FlowNode[]; edges: FlowEdge[]; skipped: string[] } {
  const taken = new Set(existing.map((n) => n.id));
  const types = new Set(existing.map((n) => n.data.type));
  const remap = new Map<string, string>();
  const nodes: FlowNode[] = [];
  const skipped: string[] = [];
  for (const item of content.nodes) {
    if (definitionOf(registry, item.data.type)?.singleton && types.has(item.data.type)) {
      skipped.push(item.id);
      continue;
    }
    types.add(item.data.type);
    const id = freshNodeId(item.data.type, taken);
    taken.add(id);
    remap.set(item.id, id);
    nodes.push({
      id,
      type: 'workflow',
      position: { x: item.position.x + offset.x, y: item.position.y + offset.y },
      data: structuredClone(item.data),
      selected: true,
    });
  }
  const edgeIds = new Set(existingEdges.map((e) => e.id));
  const edges: FlowEdge[] = [];
  for (const e of content.edges) {
    const source = remap.get(e.source);
    const target = remap.get(e.target);
    if (!source || !target) continue;
    const next = { source, sourceHandle: e.sourceHandle, target, targetHandle: e.targetHandle };
    const id = freshEdgeId(next, edgeIds);
    edgeIds.add(id);
    edges.push({ id, ...next, selected: true });
  }
  return { nodes, edges, skipped };
}

/** Parses text from the system clipboard; anything that is not our shape is ignored. */
export function parseClipboard(text: string): ClipboardContent | null {
  try {
    const value = JSON.parse(text) as Partial<ClipboardContent>;
    if (value?.kind !== 'switchyard/nodes' || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return null;
    const nodesOk = value.nodes.every(
      (n) =>
        typeof n?.id === 'string' &&
        typeof n.position?.x === 'number' &&
        typeof n.position?.y === 'number' &&
        typeof n.data?.type === 'string' &&
        typeof n.data.config === 'object' &&
        n.data.config !== null,
    );
    const edgesOk = value.edges.every(
      (e) =>
        typeof e?.source === 'string' &&
        typeof e.target === 'string' &&
        typeof e.sourceHandle === 'string' &&
        typeof e.targetHandle === 'string',
    );
    return nodesOk && edgesOk ? (value as ClipboardContent) : null;
  } catch {
    return null;
  }
}
