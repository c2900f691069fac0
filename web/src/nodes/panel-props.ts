import type { NodeData } from '../editor/store/flow-types.ts';

/** What a node type's own inspector panel receives (rendered above the generated form). */
export interface NodePanelProps {
  nodeId: string;
  /** The node as the editor holds it (type, version, label, raw config). */
  data: NodeData;
  /** The editor is read-only (a past version, or the viewer role). */
  readOnly: boolean;
  /** The node's config as the user is editing it (may be invalid or unsaved). */
  config: Readonly<Record<string, unknown>>;
  /** The saved workflow's id; null before the first save. */
  workflowId: string | null;
}
