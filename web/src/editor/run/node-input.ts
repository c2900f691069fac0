import { defaultRegistry } from '@switchyard/shared';
import type { NodeData } from '../store/flow-types.ts';
import { portsOf } from '../store/ports.ts';
import type { NodeRunState, RunView } from '../store/run-state.ts';

interface GraphNode {
  id: string;
  data: NodeData;
}
interface GraphEdge {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

/** A node's input as the run gave it, or why it cannot be shown. */
export type NodeInput = { known: true; value: unknown } | { known: false; reason: string };

/**
 * The value one upstream port carried, by the engine's rules (server/src/engine/port-values.ts):
 * a failed node (continueOnError) emits `{ error }` on every port; a node with one output port emits
 * its output; with several, its output is an object keyed by port name (missing → null).
 */
export function portValue(data: NodeData, state: NodeRunState, port: string): unknown {
  if (state.status === 'failed') return { error: state.error };
  if (portsOf(data).outputs.length <= 1) return state.output;
  const out = state.output as Record<string, unknown> | null | undefined;
  return out?.[port] ?? null;
}

/**
 * Rebuilds the `inputs` object a node received in a run, from the graph's edges and the upstream
 * outputs of the run snapshot (events do not carry values): one entry per connected input port, in
 * edge order, an array for `multiple` ports. A trigger's input is the run's input.
 */
export function nodeInput(
  nodeId: string,
  graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] },
  run: Pick<RunView, 'nodes' | 'input' | 'hasSnapshot'>,
): NodeInput {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const state = run.nodes[nodeId];
  if (!node) return { known: false, reason: 'This node is not in the graph.' };
  if (!state || state.attempts === 0) return { known: false, reason: 'This node did not run.' };
  if (!run.hasSnapshot) return { known: false, reason: 'Input and output are loaded when the run finishes.' };
  if (defaultRegistry[node.data.type]?.category === 'triggers') return { known: true, value: run.input };

  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputs: Record<string, unknown> = {};
  for (const port of portsOf(node.data).inputs) {
    const values: unknown[] = [];
    for (const edge of graph.edges) {
      if (edge.target !== nodeId || edge.targetHandle !== port.name) continue;
      const source = byId.get(edge.source);
      const sourceState = run.nodes[edge.source];
      if (!source || !sourceState) return { known: false, reason: `Upstream node "${edge.source}" is not in this run.` };
      values.push(portValue(source.data, sourceState, edge.sourceHandle));
    }
    if (port.multiple) inputs[port.name] = values;
    else if (values.length > 0) inputs[port.name] = values[0];
  }
  return { known: true, value: inputs };
}
