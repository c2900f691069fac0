import type { NodeRegistry } from '@switchyard/shared';
import { definitionOf } from './node-registry/definitions.ts';

/**
 * Whether this bundle carries the same definition (type and version) as the server. After a server
 * upgrade an open tab may not, and must be reloaded before it edits that node type.
 */
export function knownToThisApp(entry: { type: string; version: number }, registry: NodeRegistry): boolean {
  return definitionOf(registry, entry.type)?.version === entry.version;
}
