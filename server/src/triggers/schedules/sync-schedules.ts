import type { PlannedNode } from '@switchyard/shared';
import type { Tx } from '../../db/client.ts';
import type { WorkspaceScope } from '../../workspace/scope.ts';
import type { SavedVersion } from '../sync.ts';

// PLACEHOLDER: the schedules helper replaces this file.
export async function syncSchedules(
  _tx: Tx,
  _scope: WorkspaceScope,
  _saved: SavedVersion,
  _nodes: PlannedNode[],
): Promise<void> {}
export async function removeSchedules(_tx: Tx, _workflowIds: string[]): Promise<void> {}
