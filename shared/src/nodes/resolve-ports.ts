import type { NodeDefinition } from './define-node.ts';
import type { NodePorts } from './port.ts';

const NO_PORTS: NodePorts = { inputs: [], outputs: [] };

/**
 * The ports an editor should draw for a node whose config may be invalid while the user types.
 * A valid config gives the definition's ports. Otherwise the top-level fields that fail are reset to
 * their defaults and parsing is retried, so a bad `timeoutMs` does not make a code node's handles vanish.
 * An unknown type, or a config that cannot be repaired, has no ports.
 */
export function resolvePorts(def: NodeDefinition | undefined, config: Record<string, unknown>): NodePorts {
  if (!def) return NO_PORTS;
  const first = def.config.safeParse(config);
  if (first.success) return def.ports(first.data);
  const repaired = { ...config };
  for (const issue of first.error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string') delete repaired[key];
  }
  const second = def.config.safeParse(repaired);
  return second.success ? def.ports(second.data) : NO_PORTS;
}
