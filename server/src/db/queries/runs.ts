import type { Run, RunError, RunEvent, RunSummary } from '@switchyard/shared';
import { newId } from '@switchyard/shared';
import { and, asc, desc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { audit } from '../../audit/audit.ts';
import { CANCEL_CHANNEL, EVENTS_CHANNEL, type EventHub, toRunEvent } from '../../engine/event-hub.ts';
import type { RunQueue } from '../../engine/queue.ts';
import { errors } from '../../errors.ts';
import type { Actor, WorkspaceScope } from '../../workspace/scope.ts';
import { type Database, type Db, type Tx, txSql } from '../client.ts';
import { runEvents, runNodes, runs, workflows, workspaces } from '../schema.ts';

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
    startedBy: row.startedBy,
    startedVia: row.startedVia,
    trigger: { type: row.triggerType, nodeId: row.triggerNodeId },
  };
}

/**
 * How a run was started: `manual` (a signed-in user), `api` (an API token), `cli` (`switchyard run`, no account),
 * `webhook` or `schedule` (a trigger, on the system's behalf).
 */
export type StartedVia = 'manual' | 'api' | 'cli' | 'webhook' | 'schedule';

export const startedViaOf = (actor: Actor): StartedVia => (actor.tokenId ? 'api' : actor.userId ? 'manual' : 'cli');

/** Run `id` of workspace `ws`: every run lookup below goes through this filter. */
const inWorkspace = (ws: string, id: string) => and(eq(runs.workspaceId, ws), eq(runs.id, id));

/**
 * Inserts the run (who started it, from which trigger), its pending nodes, its `run.start` audit row and its
 * queue job in one transaction: all or nothing. The workflow must be one of the scope's workspace (404
 * otherwise); with `maxActiveRuns`, a workspace that already has that many runs queued or running gets 429
 * `quota_exceeded` (checked under a lock on the workspace row, so concurrent starts cannot overshoot).
 */
export async function createRun(
  database: Database,
  /** Null when the caller executes the run itself (the CLI); otherwise the job is enqueued in the same transaction. */
  queue: RunQueue | null,
  scope: WorkspaceScope,
  args: {
    workflowId: string;
    version: number;
    input: unknown;
    nodeIds: string[];
    maxActiveRuns?: number;
    /** The trigger node that starts the run (see `pickTrigger`); null: every trigger fires. */
    trigger?: { type: string; nodeId: string } | null;
    /** Default: from the actor (`manual`, `api` or `cli`). */
    via?: StartedVia;
  },
): Promise<string> {
  const id = newId('run');
  const via = args.via ?? startedViaOf(scope.actor);
  const trigger = args.trigger ?? null;
  await database.db.transaction(async (tx) => {
    const [owned] = await tx
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.workspaceId, scope.workspaceId), eq(workflows.id, args.workflowId)));
    if (!owned) throw errors.notFound('workflow', args.workflowId);
    if (args.maxActiveRuns !== undefined) await checkActiveRuns(tx, scope.workspaceId, args.maxActiveRuns);
    await tx.insert(runs).values({
      id,
      workspaceId: scope.workspaceId,
      workflowId: args.workflowId,
      workflowVersion: args.version,
      startedBy: scope.actor.userId,
      startedByToken: scope.actor.tokenId,
      startedVia: via,
      triggerType: trigger?.type ?? 'manual',
      triggerNodeId: trigger?.nodeId ?? null,
      status: 'queued',
      input: args.input ?? null,
    });
    if (args.nodeIds.length > 0) {
      await tx
        .insert(runNodes)
        .values(args.nodeIds.map((nodeId, ordinal) => ({ runId: id, nodeId, ordinal, status: 'pending' as const })));
    }
    await audit(tx, scope, {
      action: 'run.start',
      resourceType: 'run',
      resourceId: id,
      details: { workflowId: args.workflowId, version: args.version, via, trigger: trigger?.nodeId ?? null },
    });
    await queue?.enqueue(id, txSql(tx));
  });
  return id;
}

/** 429 when the workspace holds `limit` active runs; the row lock serializes run starts per workspace until commit. */
async function checkActiveRuns(tx: Tx, workspaceId: string, limit: number): Promise<void> {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for('no key update');
  // The partial index on active runs (runs_active_lease_idx) keeps this to the runs still queued or running.
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(runs)
    .where(and(eq(runs.workspaceId, workspaceId), inArray(runs.status, ['queued', 'running'])));
  if (Number(row?.n ?? 0) >= limit) throw errors.quotaExceeded('activeRuns', limit);
}

/** Just the status (null when the run is not one of this workspace's): for checks that need no nodes. */
export async function getRunStatus(db: Db, workspaceId: string, id: string): Promise<Run['status'] | null> {
  const [row] = await db.select({ status: runs.status }).from(runs).where(inWorkspace(workspaceId, id));
  return row?.status ?? null;
}

export async function getRun(db: Db, workspaceId: string, id: string): Promise<Run | null> {
  const [row] = await db.select().from(runs).where(inWorkspace(workspaceId, id));
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
  workspaceId: string,
  query: { workflowId?: string; status?: Run['status']; limit: number },
): Promise<RunSummary[]> {
  const rows = await db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.workspaceId, workspaceId),
        query.workflowId ? eq(runs.workflowId, query.workflowId) : undefined,
        query.status ? eq(runs.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(query.limit);
  return rows.map(toSummary);
}

/** Events read per query when replaying a run's log. */
export const EVENT_PAGE = 1_000;

/** Events with `seq > after`, oldest first, of a run of this workspace (none for another workspace's run). */
export async function listEvents(
  db: Db,
  workspaceId: string,
  runId: string,
  after: number,
  limit = EVENT_PAGE,
): Promise<RunEvent[]> {
  const rows = await db
    .select(getTableColumns(runEvents))
    .from(runEvents)
    .innerJoin(runs, eq(runs.id, runEvents.runId))
    .where(and(inWorkspace(workspaceId, runId), gt(runEvents.seq, after)))
    .orderBy(asc(runEvents.seq))
    .limit(limit);
  return rows.map(toRunEvent);
}

export type CancelOutcome = 'not_found' | 'already_finished' | 'cancelled' | 'cancelling';

/**
 * Asks for cancellation (a run of another workspace is `not_found`), with its `run.cancel` audit row. A queued
 * run nobody holds is finished here at once; a running run is signalled (NOTIFY) to the worker holding it,
 * which kills its code and records the cancellation.
 */
export async function cancelRun(database: Database, hub: EventHub, scope: WorkspaceScope, id: string): Promise<CancelOutcome> {
  const result = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: runs.status, leased: sql<boolean>`coalesce(${runs.leaseExpiresAt} > now(), false)` })
      .from(runs)
      .where(inWorkspace(scope.workspaceId, id))
      .for('update');
    if (!row) return { outcome: 'not_found' as const };
    if (row.status !== 'queued' && row.status !== 'running') return { outcome: 'already_finished' as const };
    await tx.update(runs).set({ cancelRequestedAt: new Date() }).where(eq(runs.id, id));
    await audit(tx, scope, { action: 'run.cancel', resourceType: 'run', resourceId: id, details: { status: row.status } });
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
