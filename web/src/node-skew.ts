import { isNodeType, nodeDefinitions } from '@switchyard/shared';

/**
 * Whether this bundle carries the same definition (type and version) as the server. After a server
 * upgrade an open tab may not, and must be reloaded before it edits that node type.
 */
export function knownToThisApp(entry: { type: string; version: number }): boolean {
  return isNodeType(entry.type) && nodeDefinitions[entry.type].version === entry.version;
}
