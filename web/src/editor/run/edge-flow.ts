import type { NodeDefinition, NodeRegistry } from '@switchyard/shared';
import { definitionOf } from '../../node-registry/definitions.ts';
import type { FlowEdge, FlowNode } from '../store/flow-types.ts';
import type { NodeRunState } from '../store/run-state.ts';
import { isNotTaken } from './skip-reasons.ts';

/** Whether an edge carried a value in the shown run: `taken`, `untaken`, or not known (yet). */
export type EdgeFlow = 'taken' | 'untaken' | null;

/**
 * The engine's rule (server/src/engine/port-values.ts `portValue`), from what the web knows of a run:
 * 1. A skipped source emits nothing: untaken.
 * 2. A succeeded source without `branches` emits on every port: taken. With `branches`, once the run snapshot
 *    has its output (after the run ends), the port is taken when that output object has the port's key. While
 *    the run is live, events carry no outputs, so the target tells: it ran, taken (a merge that ran from another
 *    input shows taken until the snapshot arrives); it was skipped as not taken, untaken; else not known yet.
 * 3. A failed source with continue-on-error emits `{ error }` on every port: taken once its target ran.
 * 4. Anything else (pending, running, cancelled, not in the run): not known.
 */
export function edgeFlow(
  sourceHandle: string,
  sourceDef: NodeDefinition | undefined,
  source: NodeRunState | undefined,
  target: NodeRunState | undefined,
): EdgeFlow {
  if (!source) return null;
  const targetRan = (target?.attempts ?? 0) > 0;
  if (source.status === 'skipped') return 'untaken';
  if (source.status === 'failed') return targetRan ? 'taken' : null;
  if (source.status !== 'succeeded') return null;
  if (!sourceDef?.branches) return 'taken';
  if (Object.hasOwn(source, 'output')) {
    const out = source.output;
    const keyed = out !== null && typeof out === 'object' && !Array.isArray(out);
    return keyed && Object.hasOwn(out, sourceHandle) ? 'taken' : 'untaken';
  }
  if (targetRan) return 'taken';
  return isNotTaken(target) ? 'untaken' : null;
}

/** The class an edge gets for its flow (canvas.css draws them). */
export const EDGE_FLOW_CLASS = { taken: 'edge-taken', untaken: 'edge-untaken' } as const;

/**
 * Makes a function that gives the canvas its edges with the shown run's flow as a class. Edges whose flow did
 * not change keep their object (React Flow re-renders only changed edges), and when no edge changed the
 * previous array comes back as is.
 */
export function createEdgeFlowStyler() {
  const styled = new WeakMap<FlowEdge, { flow: EdgeFlow; edge: FlowEdge }>();
  let previous: FlowEdge[] = [];
  return (
    edges: FlowEdge[],
    nodes: ReadonlyMap<string, FlowNode>,
    run: Readonly<Record<string, NodeRunState>>,
    registry: NodeRegistry,
  ): FlowEdge[] => {
    let changed = edges.length !== previous.length;
    const next = edges.map((edge, i) => {
      const type = nodes.get(edge.source)?.data.type;
      const flow = edgeFlow(
        edge.sourceHandle,
        type ? definitionOf(registry, type) : undefined,
        run[edge.source],
        run[edge.target],
      );
      let out = edge;
      if (flow !== null) {
        const cached = styled.get(edge);
        if (cached?.flow === flow) out = cached.edge;
        else {
          out = { ...edge, className: EDGE_FLOW_CLASS[flow] };
          styled.set(edge, { flow, edge: out });
        }
      }
      if (out !== previous[i]) changed = true;
      return out;
    });
    if (!changed) return previous;
    previous = next;
    return next;
  };
}
