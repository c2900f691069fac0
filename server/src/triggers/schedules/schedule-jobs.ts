import PgBoss from 'pg-boss';
import type { ExecuteSql } from '../../db/client.ts';
import { SCHEDULE_QUEUE } from '../../engine/queue.ts';

/** "Schedule (workflowId, nodeId) is due at `fireAt`": a pg-boss job that becomes fetchable at that time. */
export interface FireJob {
  workflowId: string;
  nodeId: string;
  /** ISO time; the job is stale unless the schedule row's `next_fire_at` still equals it. */
  fireAt: string;
}

type BossDb = { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: never[] }> };
const asDb = (executeSql: ExecuteSql): BossDb => ({ executeSql: executeSql as BossDb['executeSql'] });

/**
 * pg-boss used as a client only (never started: the RunQueue's instance does the maintenance and created the
 * queue). Every call names its connection, so a save can send a job in its own transaction without the queue
 * service at hand.
 */
const client = new PgBoss({
  db: {
    executeSql: async () => {
      throw new Error('schedule jobs: pass the connection to use');
    },
  },
  schema: 'pgboss',
});

/** One waiting job per (schedule, fire time): sending the same one twice while it waits is a no-op. */
const singletonKey = (job: FireJob) => `${job.workflowId}:${job.nodeId}:${job.fireAt}`;

/** Sends the fire job (fetchable from `fireAt` on) on `executeSql`, e.g. an open transaction's. */
export async function sendFireJob(executeSql: ExecuteSql, job: FireJob): Promise<void> {
  await client.send(SCHEDULE_QUEUE, job, {
    startAfter: new Date(job.fireAt),
    singletonKey: singletonKey(job),
    db: asDb(executeSql),
  });
}

/** Takes up to `max` due fire jobs (each becomes active until completed, failed, or expired after a minute). */
export async function fetchFireJobs(executeSql: ExecuteSql, max: number): Promise<{ id: string; data: FireJob }[]> {
  return client.fetch<FireJob>(SCHEDULE_QUEUE, { batchSize: max, db: asDb(executeSql) });
}

export async function completeFireJob(executeSql: ExecuteSql, id: string): Promise<void> {
  // The 4-argument form: pg-boss reads a third argument as the job's output, not as options.
  await client.complete(SCHEDULE_QUEUE, id, {}, { db: asDb(executeSql) });
}

/** Hands the job back for a retry (pg-boss retries it a few times, seconds apart). */
export async function failFireJob(executeSql: ExecuteSql, id: string, error: string): Promise<void> {
  await client.fail(SCHEDULE_QUEUE, id, { error }, { db: asDb(executeSql) });
}
