import type { ExecutionPlan, PlannedNode, RunError } from '@switchyard/shared';

/** What the engine knows about a node while a run executes: a full image of its `run_nodes` row. */
export interface NodeState {
  nodeId: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  attempts: number;
  runtime: string | null;
  output: unknown;
  /** Why it failed; for a skipped node, why it was skipped (see SKIP). */
  error: RunError | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Why a node was skipped; the first two are not failures (the run can still succeed). */
export const SKIP = {
  /** Every input came from an output port that was not taken (an `if`'s other branch, say). */
  branchNotTaken: 'branch_not_taken',
  /** A trigger other than the one that started the run. */
  notTriggered: 'not_triggered',
  /** An upstream node failed (without continue-on-error), was cancelled or was skipped for that reason. */
  upstreamFailed: 'upstream_failed',
} as const;

/** A skipped node whose successors may still run from other inputs. */
export function notTaken(state: NodeState): boolean {
  return state.status === 'skipped' && (state.error?.code === SKIP.branchNotTaken || state.error?.code === SKIP.notTriggered);
}

/** A settled node that stops its successors: failed without continue-on-error, cancelled, or skipped for that. */
export function blocks(node: PlannedNode, state: NodeState): boolean {
  if (state.status === 'cancelled') return true;
  if (state.status === 'skipped') return !notTaken(state);
  return state.status === 'failed' && !node.settings.continueOnError;
}

/**
 * The value a node emits on one output port, or `taken: false` when the port carries nothing in this run: the
 * node was not taken, or it `branches` and did not choose the port. A node failed with continueOnError emits
 * `{ error }` everywhere.
 */
export function portValue(node: PlannedNode, state: NodeState, port: string): { taken: boolean; value?: unknown } {
  if (state.status === 'failed') return { taken: true, value: { error: state.error } };
  if (state.status !== 'succeeded') return { taken: false };
  const out = state.output as Record<string, unknown> | null;
  const keyed = out !== null && typeof out === 'object' && !Array.isArray(out);
  if (node.traits.branches) {
    // Own keys only: the value may be the code's, and must never be a member every object inherits.
    return keyed && Object.hasOwn(out, port) ? { taken: true, value: out[port] ?? null } : { taken: false };
  }
  if (node.ports.outputs.length <= 1) return { taken: true, value: state.output };
  return { taken: true, value: keyed && Object.hasOwn(out, port) ? (out[port] ?? null) : null };
}

/** Whether any incoming edge of a node carries a value in this run (a node with no inputs always runs). */
export function anyInputTaken(plan: ExecutionPlan, node: PlannedNode, states: Map<string, NodeState>): boolean {
  const sources = Object.values(node.inputs).flat();
  if (sources.length === 0) return true;
  return sources.some((s) => portValue(plan.nodes[s.nodeId] as PlannedNode, states.get(s.nodeId) as NodeState, s.port).taken);
}

/** The `inputs` object of a node: one value per connected, taken port; an array of the taken values for `multiple` ports. */
export function gatherInputs(plan: ExecutionPlan, node: PlannedNode, states: Map<string, NodeState>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const port of node.ports.inputs) {
    const sources = node.inputs[port.name] ?? [];
    const values = sources
      .map((s) => portValue(plan.nodes[s.nodeId] as PlannedNode, states.get(s.nodeId) as NodeState, s.port))
      .filter((v) => v.taken)
      .map((v) => v.value);
    if (port.multiple) inputs[port.name] = values;
    else if (values.length > 0) inputs[port.name] = values[0];
  }
  return inputs;
}

/**
 * The run's output from its `runOutput` nodes that ran: with one such node in the workflow, or only unnamed ones
 * of which exactly one ran (one per branch, say), its value; otherwise an object keyed by each node's name (or
 * id). None ran: null.
 */
export function runOutput(plan: ExecutionPlan, states: Map<string, NodeState>): unknown {
  const all = plan.order.filter((id) => plan.nodes[id]?.traits.runOutput);
  const ran = all.filter((id) => states.get(id)?.status === 'succeeded');
  if (ran.length === 0) return null;
  const value = (id: string) => states.get(id)?.output ?? null;
  const unnamed = all.every((id) => !plan.nodes[id]?.traits.runOutput?.name);
  if (all.length === 1 || (unnamed && ran.length === 1)) return value(ran[0] as string);
  return Object.fromEntries(ran.map((id) => [plan.nodes[id]?.traits.runOutput?.name ?? id, value(id)]));
}
