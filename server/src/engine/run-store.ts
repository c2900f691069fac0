import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { runEvents, runNodes, runs, workflowVersions } from '../db/schema.ts';

export type RunRow = typeof runs.$inferSelect;
export type RunNodeRow = typeof runNodes.$inferSelect;

const leaseUntil = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;

/** Thrown inside a write when the lease moved to another worker: this worker must stop touching the run. */
export class LeaseLostError extends Error {
  constructor(runId: string) {
    super(`lease on run ${runId} was lost`);
  }
}

/**
 * Takes the run if nobody holds a live lease on it. Returns the row, or null when it is finished or
 * owned by another worker. A queued run becomes running here.
 */
export async function claimRun(db: Db, runId: string, workerId: string, leaseMs: number): Promise<RunRow | null> {
  const [row] = await db
    .update(runs)
    .set({
      leaseOwner: workerId,
      leaseExpiresAt: leaseUntil(leaseMs),
      claims: sql`${runs.claims} + 1`,
      status: sql`case when ${runs.status} = 'queued' then 'running' else ${runs.status} end`,
      startedAt: sql`coalesce(${runs.startedAt}, now())`,
    })
    .where(
      and(
        eq(runs.id, runId),
        inArray(runs.status, ['queued', 'running']),
        or(isNull(runs.leaseOwner), lt(runs.leaseExpiresAt, sql`now()`)),
      ),
    )
    .returning();
  return row ?? null;
}

/** Extends the lease; throws LeaseLostError when another worker owns the run now. Returns whether cancel was requested. */
export async function fence(
  db: Db | Tx,
  runId: string,
  workerId: string,
  leaseMs: number,
): Promise<{ cancelRequested: boolean }> {
  const [row] = await db
    .update(runs)
    .set({ leaseExpiresAt: leaseUntil(leaseMs) })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, workerId)))
    .returning({ cancelRequestedAt: runs.cancelRequestedAt });
  if (!row) throw new LeaseLostError(runId);
  return { cancelRequested: row.cancelRequestedAt !== null };
}

/** Gives the run back (graceful shutdown) so another worker can claim it at once. */
export async function releaseLease(db: Db, runId: string, workerId: string): Promise<void> {
  await db
    .update(runs)
    .set({ leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, workerId)));
}

export async function loadRunContext(db: Db, run: RunRow) {
  const [version] = await db
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, run.workflowId), eq(workflowVersions.version, run.workflowVersion)));
  const nodes = await db.select().from(runNodes).where(eq(runNodes.runId, run.id));
  const [last] = await db
    .select({ seq: sql<number>`coalesce(max(${runEvents.seq}), 0)` })
    .from(runEvents)
    .where(eq(runEvents.runId, run.id));
  return { graph: version?.graph, nodes, lastSeq: Number(last?.seq ?? 0) };
}

/** Runs whose worker stopped renewing its lease: they need a new worker. */
export async function findOrphanedRuns(db: Db, limit = 50): Promise<string[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(inArray(runs.status, ['queued', 'running']), lt(runs.leaseExpiresAt, sql`now()`)))
    .limit(limit);
  return rows.map((r) => r.id);
}
