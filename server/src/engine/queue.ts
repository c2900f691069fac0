import PgBoss from 'pg-boss';
import type { Database, ExecuteSql } from '../db/client.ts';

const QUEUE = 'switchyard-run';
/**
 * Schedule fire jobs (see triggers/schedules/scheduler.ts). Created with the run queue, so a save can send one
 * in its transaction in any process; `short`: one waiting job per singleton key.
 */
export const SCHEDULE_QUEUE = 'switchyard-schedule';
/** NOTIFY channel that wakes idle workers the moment a run is enqueued (pg-boss alone polls). */
export const WAKE_CHANNEL = 'switchyard_wake';

/** A job says "this run needs a worker"; the run row itself (lease, checkpoints) is the durable state. */
export interface RunJob {
  id: string;
  runId: string;
}

/**
 * The durable run queue on pg-boss, shared by every worker process on the database.
 * `singletonKey = runId` on a `short` queue: at most one waiting job per run, so crash-recovery sweeps
 * from several workers cannot double-enqueue.
 */
export class RunQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly database: Database,
  ) {}

  static async start(database: Database): Promise<RunQueue> {
    const boss = new PgBoss({
      db: { executeSql: database.executeSql as (text: string, values?: unknown[]) => Promise<{ rows: never[] }> },
      schema: 'pgboss',
      // pg-boss's own maintenance (archiving, expiring) stays on; our polling is replaced by wake-ups.
      maintenanceIntervalSeconds: 30,
    });
    boss.on('error', () => {}); // maintenance errors are retried by pg-boss; never crash the process
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, policy: 'short', retryLimit: 3, retryDelay: 1, expireInSeconds: 60 });
    await boss.createQueue(SCHEDULE_QUEUE, {
      name: SCHEDULE_QUEUE,
      policy: 'short',
      retryLimit: 5,
      retryDelay: 5,
      expireInSeconds: 60,
    });
    return new RunQueue(boss, database);
  }

  /**
   * Enqueues a run. Pass `executeSql` of an open transaction to make the job part of it, so a run row
   * never exists without its job (and vice versa). Returns false when a job for the run is already waiting.
   */
  async enqueue(runId: string, executeSql: ExecuteSql = this.database.executeSql): Promise<boolean> {
    const id = await this.boss.send(
      QUEUE,
      { runId },
      { singletonKey: runId, db: { executeSql: executeSql as (text: string, values?: unknown[]) => Promise<{ rows: never[] }> } },
    );
    // Inside a transaction the notification is delivered on commit, when the job is visible.
    if (id) await executeSql(`select pg_notify('${WAKE_CHANNEL}', $1)`, [runId]);
    return id !== null;
  }

  /** Takes up to `max` waiting jobs (the job becomes active; complete or fail it). */
  async fetch(max: number): Promise<RunJob[]> {
    const jobs = await this.boss.fetch<{ runId: string }>(QUEUE, { batchSize: max });
    return (jobs ?? []).map((j) => ({ id: j.id, runId: j.data.runId }));
  }

  async complete(jobId: string): Promise<void> {
    await this.boss.complete(QUEUE, jobId);
  }

  async fail(jobId: string, error: string): Promise<void> {
    await this.boss.fail(QUEUE, jobId, { error });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }
}
