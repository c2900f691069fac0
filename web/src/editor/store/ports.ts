import { defaultRegistry, type NodePorts, resolvePorts } from '@switchyard/shared';
import type { NodeData } from './flow-types.ts';

const cache = new WeakMap<Record<string, unknown>, NodePorts>();

/**
 * The ports a canvas node draws, from the shared definition and its (possibly invalid) config.
 * Configs are replaced, never mutated, so the config object is a safe cache key.
 */
export function portsOf(data: NodeData): NodePorts {
  let ports = cache.get(data.config);
  if (!ports) {
    ports = resolvePorts(defaultRegistry[data.type], data.config);
    cache.set(data.config, ports);
  }
  return ports;
}
