/** Stable codes of compile errors; the UI and API clients may switch on them. */
export const COMPILE_ERROR_CODES = [
  'invalid_graph',
  'duplicate_id',
  'unknown_node_type',
  'unsupported_node_version',
  'config_migration_failed',
  'invalid_config',
  'too_many_instances',
  'edge_missing_node',
  'edge_missing_port',
  'port_type_mismatch',
  'multiple_edges_into_port',
  'required_input_unconnected',
  'cycle',
] as const;
export type CompileErrorCode = (typeof COMPILE_ERROR_CODES)[number];

/** One problem in a graph, located as precisely as possible. */
export interface CompileError {
  code: CompileErrorCode;
  /** A sentence a user can act on, naming the node, port or edge. */
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Path inside the node (e.g. `['config', 'timeoutMs']`) or the document. */
  path?: (string | number)[];
  /** For `cycle`: the nodes on the cycle, in order. */
  nodeIds?: string[];
}
