/**
 * Finds the cycles of a directed graph: one per strongly connected component that loops,
 * each returned as the node ids along one concrete cycle, in order (`[a, b, c]` means a→b→c→a).
 *
 *   a → b → c        find-cycles → [[b, c, d]]
 *       ↑   ↓
 *       └── d
 *
 * Iterative Tarjan, so 10k-node chains do not overflow the stack.
 */
export function findCycles(nodeIds: readonly string[], successors: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const root of nodeIds) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const succ = successors.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next++] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component = new Set<string>();
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.add(w);
      } while (w !== frame.node);
      const selfLoop = (successors.get(frame.node) ?? []).includes(frame.node);
      if (component.size > 1 || selfLoop) cycles.push(cycleThrough(frame.node, component, successors));
    }
  }
  return cycles;
}

/** A concrete cycle from `start` back to itself, staying inside `component` (BFS gives a shortest one). */
function cycleThrough(start: string, component: Set<string>, successors: ReadonlyMap<string, readonly string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i] as string;
    for (const v of successors.get(u) ?? []) {
      if (!component.has(v)) continue;
      if (v === start) {
        const path = [u];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return path;
      }
      if (!parent.has(v)) {
        parent.set(v, u);
        queue.push(v);
      }
    }
  }
  return [start];
}
