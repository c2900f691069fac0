/** What a node type's own inspector panel receives (rendered above the generated form). */
export interface NodePanelProps {
  nodeId: string;
  /** The node's config as the user is editing it (may be invalid or unsaved). */
  config: Readonly<Record<string, unknown>>;
  /** The saved workflow's id; null before the first save. */
  workflowId: string | null;
}
