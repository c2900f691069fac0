import { compile, nextFireTimes, type ScheduleRunInput } from '@switchyard/shared';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Database, type Db, type Tx, txSql } from '../../db/client.ts';
import { createRun } from '../../db/queries/runs.ts';
import { schedules, workflows, workflowVersions } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { systemScope } from '../../workspace/scope.ts';
import { completeFireJob, type FireJob, sendFireJob } from './schedule-jobs.ts';

/**
 * What became of a due fire job: `fired` (a run started), `skipped` (late with `catchUp: skip`), `refused` (the
 * workspace's active-run quota is full), or `dropped` (stale: the schedule moved on, changed, or is gone).
 */
export type FireOutcome = { outcome: 'fired'; runId: string } | { outcome: 'skipped' | 'refused' | 'dropped' };

export interface FireOptions {
  /** A fire time further in the past than this when its job is handled counts as missed (downtime), in ms. */
  lateMs: number;
}

/**
 * Handles one due fire job in one transaction: claims the schedule row (only while its `next_fire_at` is still the
 * job's fire time, under the row lock, so one claimer across all processes wins), moves it to its next future fire
 * time, starts the run of the row's workflow version (the latest saved), sends the next fire job and completes this
 * one. A missed fire time (late by more than `lateMs`) starts one run only with `catchUp: once`.
 */
export async function fireSchedule(deps: Deps, jobId: string, job: FireJob, options: FireOptions): Promise<FireOutcome> {
  return deps.database.db.transaction(async (tx) => {
    const executeSql = txSql(tx);
    const result = await claimAndFire(deps, tx, job, options);
    await completeFireJob(executeSql, jobId);
    return result;
  });
}

async function claimAndFire(deps: Deps, tx: Tx, job: FireJob, options: FireOptions): Promise<FireOutcome> {
  // 1. The workflow row first (shared lock), as a save locks it before it rewrites the schedules: a claim and a
  //    save then queue on one lock instead of deadlocking, and a claim after a delete finds nothing.
  const [live] = await tx
    .select({ id: workflows.id })
    .from(workflows)
    .where(and(eq(workflows.id, job.workflowId), isNull(workflows.deletedAt)))
    .for('share');
  if (!live) return { outcome: 'dropped' };
  // 2. The claim: the row, still at this fire time, locked until commit (a concurrent claimer re-reads it and misses).
  const fireAt = new Date(job.fireAt);
  const [row] = await tx
    .select({ schedule: schedules, now: sql<number>`(extract(epoch from now()) * 1000)::float8` })
    .from(schedules)
    .where(and(eq(schedules.workflowId, job.workflowId), eq(schedules.nodeId, job.nodeId), eq(schedules.nextFireAt, fireAt)))
    .for('update', { of: schedules });
  if (!row) return { outcome: 'dropped' };
  const { schedule } = row;
  // The database's clock, the one pg-boss made the job due by, is every process's clock here.
  const now = new Date(Number(row.now));
  const late = now.getTime() - fireAt.getTime() > options.lateMs;
  const fire = !late || schedule.catchUp === 'once';

  // 3. Next: the first fire time after now (after the fire time, if this clock lags it): never a burst of missed ones.
  let next: Date;
  try {
    next = nextFireTimes(schedule.cron, schedule.timezone, new Date(Math.max(now.getTime(), fireAt.getTime())), 1)[0] as Date;
  } catch (err) {
    // Valid when saved, not any more (e.g. a time zone gone from this runtime): the schedule stops until saved again.
    deps.logger.error('schedule dropped: its cron no longer parses', { ...ids(job), error: String(err) });
    await tx.delete(schedules).where(and(eq(schedules.workflowId, job.workflowId), eq(schedules.nodeId, job.nodeId)));
    return { outcome: 'dropped' };
  }
  await tx
    .update(schedules)
    .set({ nextFireAt: next, ...(fire ? { lastFiredAt: now } : {}) })
    .where(and(eq(schedules.workflowId, job.workflowId), eq(schedules.nodeId, job.nodeId)));
  await sendFireJob(txSql(tx), { workflowId: job.workflowId, nodeId: job.nodeId, fireAt: next.toISOString() });
  if (!fire) {
    deps.logger.info('schedule missed a fire time; skipped', { ...ids(job), next: next.toISOString() });
    return { outcome: 'skipped' };
  }

  // 4. The run, in a savepoint: a full quota refuses this fire time only, the schedule still moves on.
  const input: ScheduleRunInput = {
    scheduledAt: fireAt.toISOString(),
    firedAt: now.toISOString(),
    cron: schedule.cron,
    timezone: schedule.timezone,
  };
  const [version] = await tx
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, job.workflowId), eq(workflowVersions.version, schedule.workflowVersion)));
  // A graph that does not compile still gets its run, which fails with the compile errors (the run list shows them).
  const compiled = compile(version?.graph, { registry: deps.nodes.definitions });
  const inTx: Database = { ...deps.database, db: tx as unknown as Db };
  try {
    const runId = await createRun(inTx, deps.queue, systemScope(schedule.workspaceId), {
      workflowId: job.workflowId,
      version: schedule.workflowVersion,
      input,
      nodeIds: compiled.ok ? compiled.plan.order : [],
      maxActiveRuns: deps.quotas.activeRuns,
      trigger: { type: 'schedule', nodeId: job.nodeId },
      via: 'schedule',
    });
    deps.logger.debug('schedule fired', { ...ids(job), runId });
    return { outcome: 'fired', runId };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    deps.logger.warn('schedule fire refused', { ...ids(job), code: err.code, error: err.message });
    return { outcome: 'refused' };
  }
}

const ids = (job: FireJob) => ({ workflowId: job.workflowId, nodeId: job.nodeId, fireAt: job.fireAt });
