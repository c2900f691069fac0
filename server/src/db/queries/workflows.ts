import type { ParsedWorkflowGraph, Workflow, WorkflowSummary, WorkflowVersion } from '@switchyard/shared';
import { newId } from '@switchyard/shared';
import { and, asc, desc, eq, ilike, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
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

/** Creates a workflow and its version 1 atomically. */
export async function createWorkflow(db: Db, body: { name: string; description?: string; graph: Graph }): Promise<Workflow> {
  const id = newId('wf');
  await db.transaction(async (tx) => {
    await tx.insert(workflows).values({ id, name: body.name, description: body.description ?? '', latestVersion: 1 });
    await tx.insert(workflowVersions).values({ workflowId: id, version: 1, name: body.name, graph: body.graph });
  });
  return (await getWorkflow(db, id)) as Workflow;
}

export async function listWorkflows(db: Db, query: { q?: string } = {}): Promise<WorkflowSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(workflows)
    .innerJoin(workflowVersions, latestVersionJoin)
    .where(
      and(isNull(workflows.deletedAt), query.q ? ilike(workflows.name, `%${query.q.replace(/[\\%_]/g, '\\$&')}%`) : undefined),
    )
    .orderBy(desc(workflows.updatedAt));
  return rows.map(toSummary);
}

export async function getWorkflow(db: Db, id: string): Promise<Workflow | null> {
  const [row] = await db
    .select({ ...summaryColumns, graph: workflowVersions.graph })
    .from(workflows)
    .innerJoin(workflowVersions, latestVersionJoin)
    .where(and(eq(workflows.id, id), isNull(workflows.deletedAt)));
  return row ? { ...toSummary(row), graph: row.graph as Graph } : null;
}

/**
 * Renames and/or saves a new version. The workflow row is locked so concurrent saves get
 * consecutive version numbers. Returns null when the workflow does not exist.
 */
export async function updateWorkflow(
  db: Db,
  id: string,
  body: { name?: string; description?: string; graph?: Graph },
): Promise<Workflow | null> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(workflows)
      .where(and(eq(workflows.id, id), isNull(workflows.deletedAt)))
      .for('update');
    if (!current) return null;
    const name = body.name ?? current.name;
    const version = body.graph ? current.latestVersion + 1 : current.latestVersion;
    if (body.graph) await tx.insert(workflowVersions).values({ workflowId: id, version, name, graph: body.graph });
    await tx
      .update(workflows)
      .set({ name, description: body.description ?? current.description, latestVersion: version, updatedAt: new Date() })
      .where(eq(workflows.id, id));
    // Read back under the row lock: after commit a concurrent save may already have moved
    // `latestVersion` on, and the caller must be told about the version it saved, not that one.
    return getWorkflow(tx, id);
  });
}

/** Soft delete: the workflow disappears from the API; its runs and versions stay for history. */
export async function deleteWorkflow(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(workflows)
    .set({ deletedAt: new Date() })
    .where(and(eq(workflows.id, id), isNull(workflows.deletedAt)))
    .returning({ id: workflows.id });
  return rows.length > 0;
}

export async function listVersions(db: Db, id: string) {
  const rows = await db
    .select({
      version: workflowVersions.version,
      name: workflowVersions.name,
      createdAt: workflowVersions.createdAt,
      nodeCount: sql<number>`jsonb_array_length(${workflowVersions.graph} -> 'nodes')`,
    })
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, id))
    .orderBy(desc(workflowVersions.version));
  return rows.map((r) => ({ ...r, nodeCount: Number(r.nodeCount), createdAt: r.createdAt.toISOString() }));
}

export async function getVersion(db: Db, id: string, version: number): Promise<WorkflowVersion | null> {
  const [row] = await db
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.version, version)))
    .orderBy(asc(workflowVersions.version));
  return row ? { ...row, graph: row.graph as Graph, createdAt: row.createdAt.toISOString() } : null;
}
