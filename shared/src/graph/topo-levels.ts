/**
 * Kahn's algorithm over an acyclic graph. Returns the order (ties broken by input order) and the
 * level of each node: 0 for roots, else 1 + the deepest predecessor. Nodes on one level never depend
 * on each other, so they may run concurrently.
 *
 *   t → a → c → o      order  [t, a, b, c, o]
 *   t → b → c          levels [[t], [a, b], [c], [o]]
 */
export function topoLevels(
  nodeIds: readonly string[],
  predecessors: ReadonlyMap<string, readonly string[]>,
  successors: ReadonlyMap<string, readonly string[]>,
): { order: string[]; levels: string[][] } {
  const remaining = new Map<string, number>();
  const level = new Map<string, number>();
  const ready: string[] = [];
  for (const id of nodeIds) {
    const n = new Set(predecessors.get(id) ?? []).size;
    remaining.set(id, n);
    if (n === 0) ready.push(id);
  }
  const order: string[] = [];
  const levels: string[][] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string;
    order.push(id);
    const lvl = Math.max(-1, ...[...new Set(predecessors.get(id) ?? [])].map((p) => level.get(p) as number)) + 1;
    level.set(id, lvl);
    (levels[lvl] ??= []).push(id);
    for (const s of new Set(successors.get(id) ?? [])) {
      const left = (remaining.get(s) as number) - 1;
      remaining.set(s, left);
      if (left === 0) ready.push(s);
    }
  }
  if (order.length !== nodeIds.length) throw new Error('topoLevels called on a cyclic graph');
  return { order, levels };
}
