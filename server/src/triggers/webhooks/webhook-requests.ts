import { newId, type WebhookConfig, type WebhookRequest } from '@switchyard/shared';
import { and, desc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { webhookRequests, webhooks, workflows, workflowVersions, workspaces } from '../../db/schema.ts';

/** Requests kept per webhook node; older ones are deleted as new ones arrive. */
export const KEPT_REQUESTS = 20;

/** A live webhook: its row and the graph of the version it starts. */
export interface LiveWebhook {
  path: string;
  workspaceId: string;
  workflowId: string;
  nodeId: string;
  workflowVersion: number;
  config: WebhookConfig;
  graph: unknown;
}

/**
 * The webhook served at `path`, with its version's graph; null when there is none, or its workflow or workspace
 * is deleted (their rows are removed then; this is the second line).
 */
export async function findWebhook(db: Db, path: string): Promise<LiveWebhook | null> {
  const [row] = await db
    .select({
      path: webhooks.path,
      workspaceId: webhooks.workspaceId,
      workflowId: webhooks.workflowId,
      nodeId: webhooks.nodeId,
      workflowVersion: webhooks.workflowVersion,
      config: webhooks.config,
      graph: workflowVersions.graph,
    })
    .from(webhooks)
    .innerJoin(
      workflows,
      and(eq(workflows.id, webhooks.workflowId), eq(workflows.workspaceId, webhooks.workspaceId), isNull(workflows.deletedAt)),
    )
    .innerJoin(workspaces, and(eq(workspaces.id, webhooks.workspaceId), isNull(workspaces.deletedAt)))
    .innerJoin(
      workflowVersions,
      and(eq(workflowVersions.workflowId, webhooks.workflowId), eq(workflowVersions.version, webhooks.workflowVersion)),
    )
    .where(eq(webhooks.path, path));
  return row ? { ...row, config: row.config as WebhookConfig } : null;
}

/** What is recorded of one request: never its body or headers. */
export interface RequestRecord {
  method: string;
  status: number;
  runId: string | null;
  error: string | null;
  contentType: string | null;
  bodyBytes: number;
}

/** Records one request of `hook` and drops that node's requests beyond the latest KEPT_REQUESTS, in one transaction. */
export async function recordRequest(db: Db, hook: LiveWebhook, record: RequestRecord): Promise<void> {
  const node = and(eq(webhookRequests.workflowId, hook.workflowId), eq(webhookRequests.nodeId, hook.nodeId));
  await db.transaction(async (tx) => {
    await tx.insert(webhookRequests).values({
      id: newId('whr'),
      workspaceId: hook.workspaceId,
      workflowId: hook.workflowId,
      nodeId: hook.nodeId,
      ...record,
      contentType: record.contentType?.slice(0, 200) ?? null,
      error: record.error?.slice(0, 1_000) ?? null,
    });
    const latest = tx
      .select({ id: webhookRequests.id })
      .from(webhookRequests)
      .where(node)
      .orderBy(desc(webhookRequests.receivedAt), desc(webhookRequests.id))
      .limit(KEPT_REQUESTS);
    await tx.delete(webhookRequests).where(and(node, notInArray(webhookRequests.id, latest)));
  });
}

/** The latest requests of each webhook node of a workflow of this workspace, newest first, keyed by node id. */
export async function listRequests(db: Db, workspaceId: string, workflowId: string): Promise<Map<string, WebhookRequest[]>> {
  // Ranked per node so a node that received many requests cannot crowd the others out.
  const ranked = db
    .select({
      id: webhookRequests.id,
      nodeId: webhookRequests.nodeId,
      receivedAt: webhookRequests.receivedAt,
      method: webhookRequests.method,
      status: webhookRequests.status,
      runId: webhookRequests.runId,
      error: webhookRequests.error,
      contentType: webhookRequests.contentType,
      bodyBytes: webhookRequests.bodyBytes,
      rank: sql<number>`row_number() over (partition by ${webhookRequests.nodeId} order by ${webhookRequests.receivedAt} desc, ${webhookRequests.id} desc)`.as(
        'rank',
      ),
    })
    .from(webhookRequests)
    .where(and(eq(webhookRequests.workspaceId, workspaceId), eq(webhookRequests.workflowId, workflowId)))
    .as('ranked');
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${KEPT_REQUESTS}`)
    .orderBy(desc(ranked.receivedAt), desc(ranked.id));
  const byNode = new Map<string, WebhookRequest[]>();
  for (const { nodeId, rank: _rank, receivedAt, ...rest } of rows) {
    const list = byNode.get(nodeId) ?? [];
    list.push({ ...rest, receivedAt: receivedAt.toISOString() });
    byNode.set(nodeId, list);
  }
  return byNode;
}
