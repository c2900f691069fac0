import { type PortSpec, portTypesCompatible } from '../nodes/port.ts';

/** A connection the user is dragging: output `sourceHandle` of `source` into input `targetHandle` of `target`. */
export interface ProposedConnection {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

/** The graph as a connection check needs it: each node's resolved ports and the existing edges. */
export interface ConnectionContext {
  ports: (nodeId: string) => { inputs: PortSpec[]; outputs: PortSpec[] } | undefined;
  edges: readonly ProposedConnection[];
}

export type ConnectionVerdict =
  | { ok: true /** Edges into a single-value input that this connection replaces. */; replaces: number[] }
  | { ok: false; code: 'edge_missing_port' | 'port_type_mismatch' | 'cycle' | 'duplicate_edge'; message: string };

/**
 * Whether a new edge may be added, by the compiler's own rules: both ports exist, their types fit
 * (`portTypesCompatible`), the edge closes no cycle (a self-loop included), and it is not already there.
 * An occupied single-value input is not refused: the verdict lists the edges the new one replaces.
 */
export function checkConnection(ctx: ConnectionContext, conn: ProposedConnection): ConnectionVerdict {
  const out = ctx.ports(conn.source)?.outputs.find((p) => p.name === conn.sourceHandle);
  const inp = ctx.ports(conn.target)?.inputs.find((p) => p.name === conn.targetHandle);
  if (!out) return { ok: false, code: 'edge_missing_port', message: `"${conn.source}" has no output \`${conn.sourceHandle}\`` };
  if (!inp) return { ok: false, code: 'edge_missing_port', message: `"${conn.target}" has no input \`${conn.targetHandle}\`` };
  if (!portTypesCompatible(out.type, inp.type))
    return {
      ok: false,
      code: 'port_type_mismatch',
      message: `\`${out.name}\` is ${out.type} but \`${inp.name}\` expects ${inp.type}`,
    };
  const same = (e: ProposedConnection) =>
    e.source === conn.source &&
    e.target === conn.target &&
    e.sourceHandle === conn.sourceHandle &&
    e.targetHandle === conn.targetHandle;
  if (ctx.edges.some(same)) return { ok: false, code: 'duplicate_edge', message: 'these ports are already connected' };
  if (conn.source === conn.target || reaches(ctx.edges, conn.target, conn.source))
    return { ok: false, code: 'cycle', message: 'this connection would close a cycle' };
  const replaces: number[] = [];
  if (!inp.multiple)
    ctx.edges.forEach((e, i) => {
      if (e.target === conn.target && e.targetHandle === conn.targetHandle) replaces.push(i);
    });
  return { ok: true, replaces };
}

/** Whether `to` can be reached from `from` along edges (iterative DFS; no recursion depth limit). */
function reaches(edges: readonly ProposedConnection[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    for (const n of next.get(id) ?? [])
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
  }
  return false;
}
