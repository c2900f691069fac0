import { compile, type NodeRegistry, type WebhookConfig, type WebhookInfo } from '@switchyard/shared';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { getWorkflow } from '../../db/queries/workflows.ts';
import { webhooks } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { errors } from '../../errors.ts';
import { validate } from '../../middleware/validate.ts';
import { scopeOf } from '../../workspace/scope.ts';
import { listRequests } from './webhook-requests.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });

/** The editor's view of a workflow's webhooks (mounted under `/api/workflows`): URL, live or not, last requests. */
export function webhooksApiRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono().get('/:id/webhooks', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param');
    const { workspaceId } = scopeOf(c);
    const workflow = await getWorkflow(db, workspaceId, id);
    if (!workflow) throw errors.notFound('workflow', id);
    const [rows, requests] = await Promise.all([
      db
        .select({ nodeId: webhooks.nodeId, path: webhooks.path, method: webhooks.method })
        .from(webhooks)
        .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.workflowId, id))),
      listRequests(db, workspaceId, id),
    ]);
    const live = new Map(rows.map((row) => [row.nodeId, row]));
    const origin = deps.publicUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
    const list: WebhookInfo[] = webhookNodes(workflow.graph, deps.nodes.definitions).map(({ nodeId, config }) => {
      const row = live.get(nodeId);
      const path = row?.path ?? config.path;
      return {
        nodeId,
        path,
        method: (row?.method ?? config.method) as WebhookConfig['method'],
        url: `${origin}/webhooks/${path}`,
        live: row !== undefined,
        requests: requests.get(nodeId) ?? [],
      };
    });
    return c.json({ webhooks: list });
  });
}

/** The webhook nodes of a graph whose own config is valid, in graph order, each parsed alone (as `syncTriggers` reads them). */
function webhookNodes(graph: { nodes: unknown[] }, registry: NodeRegistry): { nodeId: string; config: WebhookConfig }[] {
  const isWebhook = (type: unknown) =>
    typeof type === 'string' && Object.hasOwn(registry, type) && registry[type]?.trigger?.kind === 'webhook';
  return graph.nodes.flatMap((node) => {
    if (!isWebhook((node as { type?: unknown }).type)) return [];
    const alone = compile({ nodes: [node], edges: [] }, { registry });
    if (!alone.ok) return [];
    return Object.values(alone.plan.nodes)
      .filter((n) => n.traits.trigger === 'webhook')
      .map((n) => ({ nodeId: n.id, config: n.config as WebhookConfig }));
  });
}
