import type { WorkflowGraph } from '@switchyard/shared';
import { and, eq } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { type Database, txSql } from '../../db/client.ts';
import { schedules } from '../../db/schema.ts';
import { SCHEDULE_QUEUE } from '../../engine/queue.ts';
import { type FireJob, sendFireJob } from './schedule-jobs.ts';

/** A schedule trigger node for test graphs. */
export function scheduleNode(id: string, config: Record<string, unknown> = {}): WorkflowGraph['nodes'][number] {
  return { id, type: 'schedule', position: { x: 0, y: 0 }, config: { cron: '* * * * *', ...config } };
}

/** The schedule row of (workflow, node), or undefined. */
export async function scheduleRow(database: Database, workflowId: string, nodeId: string) {
  const [row] = await database.db
    .select()
    .from(schedules)
    .where(and(eq(schedules.workflowId, workflowId), eq(schedules.nodeId, nodeId)));
  return row;
}

/** A whole second `ms` before now: a fire time a test makes due. */
export const secondsAgo = (seconds: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - seconds * 1000);

/**
 * Simulates time passing up to `fireAt`: the row's next fire time becomes `fireAt` and its fire job is sent (in one
 * transaction), plus `copies` extra jobs for the same fire time (as a sweep racing a claim would make), due one
 * after another over `spreadMs` so that several pollers take them.
 */
export async function makeDue(database: Database, job: Omit<FireJob, 'fireAt'> & { fireAt: Date }, copies = 0, spreadMs = 0) {
  const fire: FireJob = { ...job, fireAt: job.fireAt.toISOString() };
  await database.db.transaction(async (tx) => {
    await tx
      .update(schedules)
      .set({ nextFireAt: job.fireAt })
      .where(and(eq(schedules.workflowId, job.workflowId), eq(schedules.nodeId, job.nodeId)));
    await sendFireJob(txSql(tx), fire);
  });
  if (copies > 0) {
    const boss = new PgBoss({ db: { executeSql: database.executeSql as never }, schema: 'pgboss' });
    const now = Date.now();
    for (let i = 0; i < copies; i++)
      await boss.send(SCHEDULE_QUEUE, fire, {
        startAfter: new Date(Math.max(job.fireAt.getTime(), now + (i * spreadMs) / copies)),
        // The queue keeps one waiting job per key (keyless jobs share one): each copy needs its own.
        singletonKey: `copy ${i} of ${job.workflowId}:${job.nodeId}:${fire.fireAt}`,
      });
  }
}

/** Fire jobs for fire times already past that are still waiting or being handled. */
export async function dueJobs(database: Database): Promise<number> {
  const { rows } = await database.executeSql(
    `select count(*)::int as n from pgboss.job
     where name = $1 and (data->>'fireAt')::timestamptz <= now() and state in ('created', 'retry', 'active')`,
    [SCHEDULE_QUEUE],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Waits until every due fire job was handled (`until` also holds, when given). */
export async function untilSettled(database: Database, until: () => Promise<boolean> = async () => true, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await dueJobs(database)) === 0 && (await until())) return;
    if (Date.now() > deadline) throw new Error(`schedule jobs still due after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
