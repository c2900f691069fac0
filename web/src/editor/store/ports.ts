import { type NodePorts, type NodeRegistry, resolvePorts } from '@switchyard/shared';
import { definitionOf } from '../../node-registry/definitions.ts';
import type { NodeData } from './flow-types.ts';

const caches = new WeakMap<NodeRegistry, WeakMap<Record<string, unknown>, NodePorts>>();

/**
 * The ports a canvas node draws, from its definition in `registry` and its (possibly invalid) config.
 * Configs are replaced, never mutated, so the config object is a safe cache key (one cache per registry).
 */
export function portsOf(registry: NodeRegistry, data: NodeData): NodePorts {
  let cache = caches.get(registry);
  if (!cache) {
    cache = new WeakMap();
    caches.set(registry, cache);
  }
  let ports = cache.get(data.config);
  if (!ports) {
    ports = resolvePorts(definitionOf(registry, data.type), data.config);
    cache.set(data.config, ports);
  }
  return ports;
}
