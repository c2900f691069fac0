import { compile, type NodeRegistry, type PlannedNode } from '@switchyard/shared';
import type { Tx } from '../db/client.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { removeSchedules, syncSchedules } from './schedules/sync-schedules.ts';
import { removeWebhooks, syncWebhooks } from './webhooks/sync-webhooks.ts';

/** The version a workflow's live triggers come from. */
export interface SavedVersion {
  workflowId: string;
  version: number;
  graph: unknown;
}

/**
 * Makes the workflow's live triggers (webhook paths, schedules) those of `saved`, its latest version, in the
 * transaction that saves it: what a webhook or a schedule starts is always the latest saved version. Trigger nodes
 * are read from the compiled plan; a graph that does not compile is read node by node (each trigger whose own
 * config is valid stays live; a webhook then answers 422 and starts no run, a schedule starts a run that fails
 * with the compile errors).
 */
export async function syncTriggers(tx: Tx, scope: WorkspaceScope, saved: SavedVersion, registry: NodeRegistry): Promise<void> {
  const nodes = triggerNodes(saved.graph, registry);
  await syncWebhooks(
    tx,
    scope,
    saved,
    nodes.filter((n) => n.traits.trigger === 'webhook'),
  );
  await syncSchedules(
    tx,
    scope,
    saved,
    nodes.filter((n) => n.traits.trigger === 'schedule'),
  );
}

/** Takes every trigger of a workflow down (the workflow or its workspace is deleted). */
export async function removeTriggers(tx: Tx, workflowIds: string[]): Promise<void> {
  if (workflowIds.length === 0) return;
  await removeWebhooks(tx, workflowIds);
  await removeSchedules(tx, workflowIds);
}

/** Trigger nodes of a graph with parsed configs: from the plan, or one by one when the graph does not compile. */
function triggerNodes(graph: unknown, registry: NodeRegistry): PlannedNode[] {
  const compiled = compile(graph, { registry });
  if (compiled.ok) return compiled.plan.order.map((id) => compiled.plan.nodes[id] as PlannedNode).filter((n) => n.traits.trigger);
  const nodes = (graph as { nodes?: unknown[] } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  // Each trigger compiled alone (a trigger has no inputs, so alone it compiles whenever its config is valid).
  return nodes.flatMap((node) => {
    const alone = compile({ nodes: [node], edges: [] }, { registry });
    if (!alone.ok) return [];
    return Object.values(alone.plan.nodes).filter((n) => n.traits.trigger);
  });
}
