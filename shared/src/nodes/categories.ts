/** A palette group. Definitions carry their category as data; the palette lists the ones it finds, by `order`. */
export interface NodeCategory {
  /** Stable key (the palette's section id). */
  id: string;
  label: string;
  /** Position of the group in the palette; lower first. */
  order: number;
}

/** The categories the built-in nodes use. A new node may use one of these or declare its own. */
export const CATEGORIES = {
  triggers: { id: 'triggers', label: 'Triggers', order: 10 },
  code: { id: 'code', label: 'Code', order: 20 },
  flow: { id: 'flow', label: 'Flow', order: 30 },
  network: { id: 'network', label: 'Network', order: 40 },
  outputs: { id: 'outputs', label: 'Outputs', order: 90 },
} as const satisfies Record<string, NodeCategory>;

/** Items grouped by category, groups ordered by `order` (then label), items in the order given. */
export function groupByCategory<T extends { category: NodeCategory }>(
  items: readonly T[],
): { category: NodeCategory; items: T[] }[] {
  const groups = new Map<string, { category: NodeCategory; items: T[] }>();
  for (const item of items) {
    const group = groups.get(item.category.id);
    if (group) group.items.push(item);
    else groups.set(item.category.id, { category: item.category, items: [item] });
  }
  return [...groups.values()].sort(
    (a, b) => a.category.order - b.category.order || a.category.label.localeCompare(b.category.label),
  );
}
