import type { PlannedNode, WebhookConfig } from '@switchyard/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { webhookRequests, webhooks } from '../../db/schema.ts';
import { errors } from '../../errors.ts';
import type { WorkspaceScope } from '../../workspace/scope.ts';
import type { SavedVersion } from '../sync.ts';

/**
 * Makes the workflow's rows in `webhooks` exactly its enabled webhook nodes of `saved`, in the save's
 * transaction. A path another (live) workflow holds, or two nodes of this one share, fails the save with 409
 * `webhook_path_taken`, and the transaction rolls back: nothing is half-written. The path is the primary key, so
 * two saves racing for one path cannot both win: the second waits on the first's row and then sees it taken.
 */
export async function syncWebhooks(tx: Tx, scope: WorkspaceScope, saved: SavedVersion, nodes: PlannedNode[]): Promise<void> {
  const current = await tx
    .select({ path: webhooks.path, nodeId: webhooks.nodeId })
    .from(webhooks)
    .where(eq(webhooks.workflowId, saved.workflowId));
  const pathOf = new Map(current.map((row) => [row.nodeId, row.path]));
  const wanted = nodes
    .map((node) => ({ node, config: node.config as WebhookConfig }))
    .filter(({ config }) => config.enabled !== false)
    .map(({ node, config }) => ({
      nodeId: node.id,
      // A node saved without a path (through the API) keeps the one it was given, rather than a new random one per save.
      path: hasOwnPath(saved.graph, node.id) ? config.path : (pathOf.get(node.id) ?? config.path),
      config,
    }));
  const claimed = new Map<string, string>();
  for (const hook of wanted) {
    const other = claimed.get(hook.path);
    if (other !== undefined) throw errors.webhookPathTaken(hook.path, hook.nodeId, other);
    claimed.set(hook.path, hook.nodeId);
  }

  // 1. Rows this version no longer has (a removed or disabled node, a node whose path changed) go first, so a
  //    node's new row never meets its old one in the (workflow, node) index.
  const stale = current.filter((row) => claimed.get(row.path) !== row.nodeId).map((row) => row.path);
  if (stale.length > 0)
    await tx.delete(webhooks).where(and(eq(webhooks.workflowId, saved.workflowId), inArray(webhooks.path, stale)));
  if (wanted.length === 0) return;

  // 2. Upsert: a path already ours is updated; another workflow's is left alone (and not returned) unless that
  //    workflow or its workspace is deleted, in which case the leftover row is taken over.
  const won = await tx
    .insert(webhooks)
    .values(
      wanted.map(({ nodeId, path, config }) => {
        const { sampleInput: _sample, ...stored } = config;
        return {
          path,
          workspaceId: scope.workspaceId,
          workflowId: saved.workflowId,
          nodeId,
          workflowVersion: saved.version,
          method: config.method,
          config: { ...stored, path },
        };
      }),
    )
    .onConflictDoUpdate({
      target: webhooks.path,
      set: {
        workspaceId: sql`excluded.workspace_id`,
        workflowId: sql`excluded.workflow_id`,
        nodeId: sql`excluded.node_id`,
        workflowVersion: sql`excluded.workflow_version`,
        method: sql`excluded.method`,
        config: sql`excluded.config`,
        updatedAt: sql`now()`,
      },
      // Asked as "is the holder deleted?", never "is it live?": a holder committed after this statement's snapshot
      // is invisible to the subquery, and must count as live (else a racing save would take its path over).
      setWhere: sql`${webhooks.workflowId} = excluded.workflow_id or exists (
        select 1 from workflows f join workspaces s on s.id = f.workspace_id
        where f.id = ${webhooks.workflowId} and (f.deleted_at is not null or s.deleted_at is not null))`,
    })
    .returning({ path: webhooks.path });
  const ours = new Set(won.map((row) => row.path));
  const lost = wanted.find((hook) => !ours.has(hook.path));
  if (lost) throw errors.webhookPathTaken(lost.path, lost.nodeId);
}

/** Takes the workflows' webhooks down, with the requests they recorded (the workflow or its workspace is deleted). */
export async function removeWebhooks(tx: Tx, workflowIds: string[]): Promise<void> {
  await tx.delete(webhooks).where(inArray(webhooks.workflowId, workflowIds));
  await tx.delete(webhookRequests).where(inArray(webhookRequests.workflowId, workflowIds));
}

/** Whether the saved graph's node `nodeId` sets its own `path` (a node without one gets a random default on each parse). */
function hasOwnPath(graph: unknown, nodeId: string): boolean {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return false;
  const node = nodes.find((n: { id?: unknown } | null) => n?.id === nodeId) as { config?: { path?: unknown } } | undefined;
  return typeof node?.config?.path === 'string';
}
