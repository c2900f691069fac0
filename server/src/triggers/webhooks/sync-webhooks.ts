import type { PlannedNode } from '@switchyard/shared';
import type { Tx } from '../../db/client.ts';
import type { WorkspaceScope } from '../../workspace/scope.ts';
import type { SavedVersion } from '../sync.ts';

// PLACEHOLDER: the webhooks helper replaces this file.
export async function syncWebhooks(_tx: Tx, _scope: WorkspaceScope, _saved: SavedVersion, _nodes: PlannedNode[]): Promise<void> {}
export async function removeWebhooks(_tx: Tx, _workflowIds: string[]): Promise<void> {}
