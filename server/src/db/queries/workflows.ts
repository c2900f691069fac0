import type { ParsedWorkflowGraph, Workflow, WorkflowSummary, WorkflowVersion } from '@switchyard/shared';
import { defaultRegistry, type NodeRegistry, newId } from '@switchyard/shared';
import { and, desc, eq, ilike, isNull, sql } from 'drizzle-orm';
import { audit } from '../../audit/audit.ts';
import { removeTriggers, syncTriggers } from '../../triggers/sync.ts';
import type { WorkspaceScope } from '../../workspace/scope.ts';
import type { Db, Tx } from '../client.ts';
import { workflows, workflowVersions } from '../schema.ts';

type Graph = ParsedWorkflowGraph;

const summaryColumns = {
  id: workflows.id,
  name: workflows.name,
  description: workflows.description,
  version: workflows.latestVersion,
  createdAt: workflows.createdAt,
  updatedAt: workflows.updatedAt,
  nodeCount: sql<number>`jsonb_array_length(${workflowVersions.graph} -> 'nodes')`,
};

const latestVersionJoin = and(
  eq(workflowVersions.workflowId, workflows.id),
  eq(workflowVersions.version, workflows.latestVersion),
);

function toSummary(
  row: { createdAt: Date; updatedAt: Date; nodeCount: number } & Omit<WorkflowSummary, 'createdAt' | 'updatedAt' | 'nodeCount'>,
): WorkflowSummary {
  return {
    ...row,
    nodeCount: Number(row.nodeCount),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Live workflow `id` in workspace `ws`: every lookup below goes through this filter. */
const inWorkspace = (ws: string, id: string) =>
  and(eq(workflows.workspaceId, ws), eq(workflows.id, id), isNull(workflows.deletedAt));

/** Creates a workflow and its version 1 atomically, with its `workflow.create` audit row. */
export async function createWorkflow(
  db: Db,
  scope: WorkspaceScope,
  body: { name: string; description?: string; graph: Graph },
  registry: NodeRegistry = defaultRegistry,
): Promise<Workflow> {
  const id = newId('wf');
  await db.transaction(async (tx) => {
    await tx
      .insert(workflows)
      .values({ id, workspaceId: scope.workspaceId, name: body.name, description: body.description ?? '', latestVersion: 1 });
    await tx.insert(workflowVersions).values({ workflowId: id, version: 1, name: body.name, graph: body.graph });
    await syncTriggers(tx, scope, { workflowId: id, version: 1, graph: body.graph }, registry);
    await audit(tx, scope, { action: 'workflow.create', resourceType: 'workflow', resourceId: id, details: { name: body.name } });
  });
  return (await getWorkflow(db, scope.workspaceId, id)) as Workflow;
}

export async function listWorkflows(db: Db, workspaceId: string, query: { q?: string } = {}): Promise<WorkflowSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(workflows)
    .innerJoin(workflowVersions, latestVersionJoin)
    .where(
      and(
        eq(workflows.workspaceId, workspaceId),
        isNull(workflows.deletedAt),
        query.q ? ilike(workflows.name, `%${query.q.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
      ),
    )
    .orderBy(desc(workflows.updatedAt));
  return rows.map(toSummary);
}

/** The workflow with its latest graph; null when it does not exist in this workspace (or was deleted). */
export async function getWorkflow(db: Db | Tx, workspaceId: string, id: string): Promise<Workflow | null> {
  const [row] = await db
    .select({ ...summaryColumns, graph: workflowVersions.graph })
    .from(workflows)
    .innerJoin(workflowVersions, latestVersionJoin)
    .where(inWorkspace(workspaceId, id));
  return row ? { ...toSummary(row), graph: row.graph as Graph } : null;
}

/**
 * Renames and/or saves a new version, with its `workflow.update` audit row. The workflow row is locked so
 * concurrent saves get consecutive version numbers. Returns null when the workflow is not in this workspace.
 */
export async function updateWorkflow(
  db: Db,
  scope: WorkspaceScope,
  id: string,
  body: { name?: string; description?: string; graph?: Graph },
  registry: NodeRegistry = defaultRegistry,
): Promise<Workflow | null> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(workflows).where(inWorkspace(scope.workspaceId, id)).for('update');
    if (!current) return null;
    const name = body.name ?? current.name;
    const version = body.graph ? current.latestVersion + 1 : current.latestVersion;
    if (body.graph) {
      await tx.insert(workflowVersions).values({ workflowId: id, version, name, graph: body.graph });
      // The live webhooks and schedules become this version's, in this transaction.
      await syncTriggers(tx, scope, { workflowId: id, version, graph: body.graph }, registry);
    }
    await tx
      .update(workflows)
      .set({ name, description: body.description ?? current.description, latestVersion: version, updatedAt: new Date() })
      .where(eq(workflows.id, id));
    await audit(tx, scope, {
      action: 'workflow.update',
      resourceType: 'workflow',
      resourceId: id,
      details: { version, newVersion: body.graph !== undefined, ...(body.name !== undefined ? { name } : {}) },
    });
    // Read back under the row lock: after commit a concurrent save may already have moved
    // `latestVersion` on, and the caller must be told about the version it saved, not that one.
    return getWorkflow(tx, scope.workspaceId, id);
  });
}

/** Soft delete (audited): the workflow disappears from the API; its runs and versions stay for history. */
export async function deleteWorkflow(db: Db, scope: WorkspaceScope, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(workflows)
      .set({ deletedAt: new Date() })
      .where(inWorkspace(scope.workspaceId, id))
      .returning({ id: workflows.id });
    if (rows.length === 0) return false;
    await removeTriggers(tx, [id]);
    await audit(tx, scope, { action: 'workflow.delete', resourceType: 'workflow', resourceId: id });
    return true;
  });
}

/** The versions of a live workflow of this workspace, newest first (empty when it is not one). */
export async function listVersions(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .select({
      version: workflowVersions.version,
      name: workflowVersions.name,
      createdAt: workflowVersions.createdAt,
      nodeCount: sql<number>`jsonb_array_length(${workflowVersions.graph} -> 'nodes')`,
    })
    .from(workflowVersions)
    .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
    .where(inWorkspace(workspaceId, id))
    .orderBy(desc(workflowVersions.version));
  return rows.map((r) => ({ ...r, nodeCount: Number(r.nodeCount), createdAt: r.createdAt.toISOString() }));
}

/** One version of a live workflow of this workspace. */
export async function getVersion(db: Db, workspaceId: string, id: string, version: number): Promise<WorkflowVersion | null> {
  const [row] = await db
    .select({
      workflowId: workflowVersions.workflowId,
      version: workflowVersions.version,
      name: workflowVersions.name,
      graph: workflowVersions.graph,
      createdAt: workflowVersions.createdAt,
    })
    .from(workflowVersions)
    .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
    .where(and(inWorkspace(workspaceId, id), eq(workflowVersions.version, version)));
  return row ? { ...row, graph: row.graph as Graph, createdAt: row.createdAt.toISOString() } : null;
}
