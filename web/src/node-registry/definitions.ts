import type { NodeDefinition, NodeRegistry } from '@switchyard/shared';

/** A node type's definition, own keys only (a type named `constructor` finds nothing). */
export function definitionOf(registry: NodeRegistry, type: string): NodeDefinition | undefined {
  return Object.hasOwn(registry, type) ? registry[type] : undefined;
}

/** Whether nodes of this type start runs (manual, webhook, schedule triggers…). */
export function isTriggerType(registry: NodeRegistry, type: string): boolean {
  return definitionOf(registry, type)?.trigger !== undefined;
}

/**
 * The card's hint under the title from the definition's `subtitle(config)`, on the config parsed by its schema.
 * An invalid config, or a subtitle function that throws, gives none: rendering never fails on a bad config.
 */
export function subtitleOf(def: NodeDefinition | undefined, config: Readonly<Record<string, unknown>>): string | null {
  if (!def?.subtitle) return null;
  const parsed = def.config.safeParse(config);
  if (!parsed.success) return null;
  try {
    const text = def.subtitle(parsed.data);
    return typeof text === 'string' && text !== '' ? text : null;
  } catch {
    return null;
  }
}

/** A registry with extra node types (a test's or a plugin's) added to, or replacing those of, `base`. */
export function withNodeTypes(base: NodeRegistry, ...definitions: readonly NodeDefinition[]): NodeRegistry {
  return { ...base, ...Object.fromEntries(definitions.map((d) => [d.type, d])) };
}
