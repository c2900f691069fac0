import type { ExecutionPlan, PlannedNode, RunError } from '@switchyard/shared';

/** What the engine knows about a node while a run executes: a full image of its `run_nodes` row. */
export interface NodeState {
  nodeId: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  attempts: number;
  runtime: string | null;
  output: unknown;
  error: RunError | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The value a node emits on one output port; a node failed with continueOnError emits `{ error }` everywhere. */
export function portValue(node: PlannedNode, state: NodeState, port: string): unknown {
  if (state.status === 'failed') return { error: state.error };
  if (node.ports.outputs.length <= 1) return state.output;
  const out = state.output as Record<string, unknown> | null;
  // Own keys only: the value is the code's, and must never be a member every object inherits.
  return out !== null && typeof out === 'object' && Object.hasOwn(out, port) ? (out[port] ?? null) : null;
}

/** The `inputs` object of a node: one value per connected port, an array for `multiple` ports. */
export function gatherInputs(plan: ExecutionPlan, node: PlannedNode, states: Map<string, NodeState>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const port of node.ports.inputs) {
    const sources = node.inputs[port.name] ?? [];
    const values = sources.map((s) => portValue(plan.nodes[s.nodeId] as PlannedNode, states.get(s.nodeId) as NodeState, s.port));
    if (port.multiple) inputs[port.name] = values;
    else if (values.length > 0) inputs[port.name] = values[0];
  }
  return inputs;
}

/** One output node: its value. Several: an object keyed by each node's `name` (or id). None: null. */
export function runOutput(plan: ExecutionPlan, states: Map<string, NodeState>): unknown {
  const outputs = plan.order.filter((id) => plan.nodes[id]?.type === 'output' && states.get(id)?.status === 'succeeded');
  if (outputs.length === 0) return null;
  if (outputs.length === 1 && plan.order.filter((id) => plan.nodes[id]?.type === 'output').length === 1) {
    return states.get(outputs[0] as string)?.output ?? null;
  }
  return Object.fromEntries(
    outputs.map((id) => [(plan.nodes[id]?.config as { name?: string } | undefined)?.name ?? id, states.get(id)?.output ?? null]),
  );
}
