/**
 * Schedule triggers: how a cron fires exactly once across any number of processes.
 *
 * - State: one `schedules` row per enabled schedule node of a workflow's latest saved version (cron, time zone,
 *   catch-up, `workflow_version`, `next_fire_at`). `syncSchedules` rewrites a workflow's rows in the transaction
 *   that saves it (a schedule whose cron and time zone did not change keeps its next fire time; a new or changed one
 *   starts at its first time after now) and `removeSchedules` deletes them with the workflow.
 * - Durable firing: for each row, a pg-boss job on `switchyard-schedule` with `startAfter = next_fire_at` and
 *   `singletonKey = <workflowId>:<nodeId>:<fireAt>` (re-sending while it waits is a no-op), sent in the same
 *   transaction as the row. pg-boss's own `schedule` cannot serve: one cron per queue name, only the current minute.
 * - Claim (fire-schedule.ts), one transaction per due job: lock the workflow row (shared; a save locks it first
 *   too, so claims and saves queue instead of deadlocking), then the schedule row, only while `next_fire_at` still
 *   equals the job's fire time. Move it to the next fire time after now, start the run of the row's
 *   `workflow_version` (`trigger: {type: 'schedule', nodeId}`, `startedVia: 'schedule'`, input
 *   `{scheduledAt, firedAt, cron, timezone}`), send the next job, complete this one; all or nothing. A concurrent
 *   or duplicate claimer re-reads the moved row and drops its job: exactly one run per fire time. The job names no
 *   version: the row, rewritten only by saves under the workflow lock, is the latest saved version, so no run
 *   starts from an outdated one; a job whose fire time the row no longer has (schedule changed, disabled, deleted)
 *   is dropped.
 * - Downtime: a job handled more than `lateMs` (90 s) after its fire time was missed. `catchUp: skip` starts
 *   nothing; `once` starts one run (`scheduledAt` = the first missed time); either way the row moves to the next
 *   future fire time, never a burst. A workspace at its active-run quota refuses that fire time only.
 * - Every process that works runs (each Worker) polls due jobs on the worker's cadence and, every `sweepMs`,
 *   re-sends the job of each row overdue by more than `sweepGraceMs` (a job lost or archived), idempotently.
 * - Precision: a minute (cron), plus the poll interval.
 */
import { asc, lt, sql } from 'drizzle-orm';
import { schedules } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { fireSchedule } from './fire-schedule.ts';
import { failFireJob, fetchFireJobs, sendFireJob } from './schedule-jobs.ts';

/** Overdue schedules re-sent per sweep (the rest on the next one). */
const SWEEP_LIMIT = 1_000;

export interface SchedulerOptions {
  /** How often due fire jobs are fetched (ms). */
  pollMs?: number;
  /** How often overdue schedules get their job re-sent (ms). */
  sweepMs?: number;
  /** A fire time handled later than this counts as missed (ms); default 90 s. */
  lateMs?: number;
  /** A row overdue by more than this is swept (ms); default 60 s, so a job being handled is left alone. */
  sweepGraceMs?: number;
  /** Jobs taken per fetch. */
  batch?: number;
}

/** Fires the schedules of every workspace on the database (see the comment above); one per worker process. */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private polling: Promise<void> | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = true;
  private readonly pollMs: number;
  private readonly sweepMs: number;
  private readonly lateMs: number;
  private readonly sweepGraceMs: number;
  private readonly batch: number;

  constructor(
    private readonly services: Deps,
    options: SchedulerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 2_000;
    this.sweepMs = options.sweepMs ?? 30_000;
    this.lateMs = options.lateMs ?? 90_000;
    this.sweepGraceMs = options.sweepGraceMs ?? 60_000;
    this.batch = options.batch ?? 20;
  }

  start(): void {
    this.stopped = false;
    this.timers.push(setInterval(() => void this.poll(), this.pollMs));
    this.timers.push(setInterval(() => void this.sweep(), this.sweepMs));
    void this.poll();
    void this.sweep();
  }

  /** Stops polling; a job being handled finishes (each is one short transaction). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([this.polling, this.sweeping]);
  }

  /** Handles the due fire jobs, batch after batch until none is due; one poll at a time. */
  poll(): Promise<void> {
    this.polling ??= this.drain().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  /** Re-sends the job of every overdue schedule (a lost job); one sweep at a time. */
  sweep(): Promise<void> {
    this.sweeping ??= this.resend().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async drain(): Promise<void> {
    const { database, logger } = this.services;
    try {
      for (;;) {
        if (this.stopped) return;
        const jobs = await fetchFireJobs(database.executeSql, this.batch);
        for (const job of jobs) {
          try {
            await fireSchedule(this.services, job.id, job.data, { lateMs: this.lateMs });
          } catch (err) {
            logger.warn('schedule fire failed; retried', { ...job.data, error: String(err) });
            await failFireJob(database.executeSql, job.id, String(err)).catch(() => {});
          }
        }
        if (jobs.length < this.batch) return;
      }
    } catch (err) {
      logger.warn('schedule poll failed', { error: String(err) });
    }
  }

  private async resend(): Promise<void> {
    if (this.stopped) return;
    const { database, logger } = this.services;
    try {
      const overdue = await database.db
        .select({ workflowId: schedules.workflowId, nodeId: schedules.nodeId, nextFireAt: schedules.nextFireAt })
        .from(schedules)
        .where(lt(schedules.nextFireAt, sql`now() - make_interval(secs => ${this.sweepGraceMs / 1000})`))
        .orderBy(asc(schedules.nextFireAt))
        .limit(SWEEP_LIMIT);
      for (const row of overdue) {
        await sendFireJob(database.executeSql, {
          workflowId: row.workflowId,
          nodeId: row.nodeId,
          fireAt: row.nextFireAt.toISOString(),
        });
      }
    } catch (err) {
      logger.warn('schedule sweep failed', { error: String(err) });
    }
  }
}
