import { defaultRegistry, type NodeRegistry } from '@switchyard/shared';
import { createContext, type ReactNode, useContext } from 'react';

/** The node definitions the web renders from; the shared registry unless a provider says otherwise. */
const NodeRegistryContext = createContext<NodeRegistry>(defaultRegistry);

/**
 * Gives the pages and the editor below it another set of node types (a test's own type, say). Without it they
 * use the shared `defaultRegistry`. The editor store reads it once when it is created.
 */
export function NodeRegistryProvider({ registry, children }: { registry: NodeRegistry; children: ReactNode }) {
  return <NodeRegistryContext.Provider value={registry}>{children}</NodeRegistryContext.Provider>;
}

/** The node definitions in effect here, keyed by type (stable identity while the provider's prop is). */
export function useNodeRegistry(): NodeRegistry {
  return useContext(NodeRegistryContext);
}
