import type { Run, RunError, RunEvent, RunSummary } from '@switchyard/shared';
import { newId } from '@switchyard/shared';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { CANCEL_CHANNEL, EVENTS_CHANNEL, type EventHub, toRunEvent } from '../../engine/event-hub.ts';
import type { RunQueue } from '../../engine/queue.ts';
import { type Database, type Db, txSql } from '../client.ts';
import { runEvents, runNodes, runs } from '../schema.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toSummary(row: typeof runs.$inferSelect): RunSummary {
  return {
    id: row.id,
    workflowId: row.workflowId,
    workflowVersion: row.workflowVersion,
    status: row.status,
    error: (row.error as RunError | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

/** Inserts the run, its pending nodes and its queue job in one transaction: all or nothing. */
export async function createRun(
  database: Database,
  /** Null when the caller executes the run itself (the CLI); otherwise the job is enqueued in the same transaction. */
  queue: RunQueue | null,
  args: { workflowId: string; version: number; input: unknown; nodeIds: string[] },
): Promise<string> {
  const id = newId('run');
  await database.db.transaction(async (tx) => {
    await tx
      .insert(runs)
      .values({ id, workflowId: args.workflowId, workflowVersion: args.version, status: 'queued', input: args.input ?? null });
    if (args.nodeIds.length > 0) {
      await tx
        .insert(runNodes)
        .values(args.nodeIds.map((nodeId, ordinal) => ({ runId: id, nodeId, ordinal, status: 'pending' as const })));
    }
    await queue?.enqueue(id, txSql(tx));
  });
  return id;
}

/** Just the status (null when the run does not exist): for checks that need no nodes. */
export async function getRunStatus(db: Db, id: string): Promise<Run['status'] | null> {
  const [row] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, id));
  return row?.status ?? null;
}

export async function getRun(db: Db, id: string): Promise<Run | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  if (!row) return null;
  const nodes = await db.select().from(runNodes).where(eq(runNodes.runId, id)).orderBy(asc(runNodes.ordinal));
  return {
    ...toSummary(row),
    input: row.input,
    output: row.output,
    nodes: nodes.map((n) => ({
      nodeId: n.nodeId,
      status: n.status,
      attempts: n.attempts,
      runtime: n.runtime,
      output: n.output,
      error: (n.error as RunError | null) ?? null,
      startedAt: iso(n.startedAt),
      finishedAt: iso(n.finishedAt),
    })),
  };
}

export async function listRuns(
  db: Db,
  query: { workflowId?: string; status?: Run['status']; limit: number },
): Promise<RunSummary[]> {
  const rows = await db
    .select()
    .from(runs)
    .where(
      and(
        query.workflowId ? eq(runs.workflowId, query.workflowId) : undefined,
        query.status ? eq(runs.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(query.limit);
  return rows.map(toSummary);
}

/** Events with `seq > after`, oldest first. */
/** Events read per query when replaying a run's log. */
export const EVENT_PAGE = 1_000;

export async function listEvents(db: Db, runId: string, after: number, limit = EVENT_PAGE): Promise<RunEvent[]> {
  const rows = await db
    .select()
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, after)))
    .orderBy(asc(runEvents.seq))
    .limit(limit);
  return rows.map(toRunEvent);
}

export type CancelOutcome = 'not_found' | 'already_finished' | 'cancelled' | 'cancelling';

/**
 * Asks for cancellation. A queued run nobody holds is finished here at once; a running run is
 * signalled (NOTIFY) to the worker holding it, which kills its code and records the cancellation.
 */
export async function cancelRun(database: Database, hub: EventHub, id: string): Promise<CancelOutcome> {
  const result = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: runs.status, leased: sql<boolean>`coalesce(${runs.leaseExpiresAt} > now(), false)` })
      .from(runs)
      .where(eq(runs.id, id))
      .for('update');
    if (!row) return { outcome: 'not_found' as const };
    if (row.status !== 'queued' && row.status !== 'running') return { outcome: 'already_finished' as const };
    await tx.update(runs).set({ cancelRequestedAt: new Date() }).where(eq(runs.id, id));
    await tx.execute(sql`select pg_notify(${CANCEL_CHANNEL}, ${id})`);
    if (row.leased) return { outcome: 'cancelling' as const };
    // No live worker holds it (not started yet, or its worker died or was stopped): finish it here,
    // under the row lock a claiming worker would wait on; clearing the lease fences out a stale worker.
    const error: RunError = {
      code: 'cancelled',
      message: row.status === 'queued' ? 'the run was cancelled before it started' : 'the run was cancelled',
    };
    await tx
      .update(runs)
      .set({ status: 'cancelled', error, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
      .where(eq(runs.id, id));
    await tx
      .update(runNodes)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(and(eq(runNodes.runId, id), inArray(runNodes.status, ['pending', 'running'])));
    const [last] = await tx
      .select({ seq: sql<number>`coalesce(max(${runEvents.seq}), 0)` })
      .from(runEvents)
      .where(eq(runEvents.runId, id));
    const seq = Number(last?.seq ?? 0) + 1;
    const [event] = await tx
      .insert(runEvents)
      .values({ runId: id, seq, type: 'run.finished', nodeId: null, payload: { status: 'cancelled', durationMs: 0, error } })
      .returning();
    if (database.kind === 'postgres') await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${hub.notifyPayload(id, seq)})`);
    return { outcome: 'cancelled' as const, event: event ? toRunEvent(event) : undefined };
  });
  if (result.outcome === 'cancelled' && result.event) hub.publish(id, [result.event]);
  return result.outcome;
}
