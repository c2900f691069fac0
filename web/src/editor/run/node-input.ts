import type { NodeRegistry } from '@switchyard/shared';
import { definitionOf } from '../../node-registry/definitions.ts';
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
 * The value one upstream port carried, by the engine's rules (server/src/engine/port-values.ts `portValue`):
 * a failed node (continueOnError) emits `{ error }` on every port; a node that did not succeed emits nothing; a
 * node that `branches` emits only on the ports its output object has a key for; a node with one output port
 * emits its output; with several, its output is an object keyed by port name (missing → null).
 */
export function portValue(
  registry: NodeRegistry,
  data: NodeData,
  state: NodeRunState,
  port: string,
): { taken: boolean; value?: unknown } {
  if (state.status === 'failed') return { taken: true, value: { error: state.error } };
  if (state.status !== 'succeeded') return { taken: false };
  const out = state.output as Record<string, unknown> | null | undefined;
  const keyed = out !== null && typeof out === 'object' && !Array.isArray(out);
  if (definitionOf(registry, data.type)?.branches)
    return keyed && Object.hasOwn(out, port) ? { taken: true, value: out[port] ?? null } : { taken: false };
  if (portsOf(registry, data).outputs.length <= 1) return { taken: true, value: state.output };
  return { taken: true, value: keyed && Object.hasOwn(out, port) ? (out[port] ?? null) : null };
}

/**
 * Rebuilds the `inputs` object a node received in a run, from the graph's edges and the upstream
 * outputs of the run snapshot (events do not carry values): one entry per connected input port that carried a
 * value, in edge order, an array for `multiple` ports. A trigger's input is the run's input.
 */
export function nodeInput(
  nodeId: string,
  graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] },
  run: Pick<RunView, 'nodes' | 'input' | 'hasSnapshot'>,
  registry: NodeRegistry,
): NodeInput {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const state = run.nodes[nodeId];
  if (!node) return { known: false, reason: 'This node is not in the graph.' };
  if (!state || state.attempts === 0) return { known: false, reason: 'This node did not run.' };
  if (!run.hasSnapshot) return { known: false, reason: 'Input and output are loaded when the run finishes.' };
  if (definitionOf(registry, node.data.type)?.trigger) return { known: true, value: run.input };

  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputs: Record<string, unknown> = {};
  for (const port of portsOf(registry, node.data).inputs) {
    const values: unknown[] = [];
    for (const edge of graph.edges) {
      if (edge.target !== nodeId || edge.targetHandle !== port.name) continue;
      const source = byId.get(edge.source);
      const sourceState = run.nodes[edge.source];
      if (!source || !sourceState) return { known: false, reason: `Upstream node "${edge.source}" is not in this run.` };
      const carried = portValue(registry, source.data, sourceState, edge.sourceHandle);
      if (carried.taken) values.push(carried.value);
    }
    if (port.multiple) inputs[port.name] = values;
    else if (values.length > 0) inputs[port.name] = values[0];
  }
  return { known: true, value: inputs };
}
