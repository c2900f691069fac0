import { nextFireTimes, type PlannedNode, type ScheduleConfig } from '@switchyard/shared';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { type Tx, txSql } from '../../db/client.ts';
import { schedules } from '../../db/schema.ts';
import type { WorkspaceScope } from '../../workspace/scope.ts';
import type { SavedVersion } from '../sync.ts';
import { sendFireJob } from './schedule-jobs.ts';

/**
 * Makes the workflow's rows in `schedules` exactly its enabled schedule nodes of `saved`, in the save's
 * transaction, each with its fire job. Every row points at `saved.version`, so what fires next is this version.
 * A schedule whose cron and time zone did not change keeps its next fire time (a save at fire time does not
 * swallow that fire); a new or changed one fires next at its first time after now.
 */
export async function syncSchedules(tx: Tx, scope: WorkspaceScope, saved: SavedVersion, nodes: PlannedNode[]): Promise<void> {
  const wanted = nodes
    .map((node) => ({ nodeId: node.id, config: node.config as ScheduleConfig }))
    .filter(({ config }) => config.enabled !== false);
  const keep = wanted.map((s) => s.nodeId);
  await tx
    .delete(schedules)
    .where(and(eq(schedules.workflowId, saved.workflowId), keep.length > 0 ? notInArray(schedules.nodeId, keep) : undefined));
  if (wanted.length === 0) return;

  const now = new Date();
  const rows = await tx
    .insert(schedules)
    .values(
      wanted.map(({ nodeId, config }) => ({
        workflowId: saved.workflowId,
        nodeId,
        workspaceId: scope.workspaceId,
        workflowVersion: saved.version,
        cron: config.cron,
        timezone: config.timezone,
        catchUp: config.catchUp,
        nextFireAt: nextFireTimes(config.cron, config.timezone, now, 1)[0] as Date,
      })),
    )
    .onConflictDoUpdate({
      target: [schedules.workflowId, schedules.nodeId],
      set: {
        workspaceId: sql`excluded.workspace_id`,
        workflowVersion: sql`excluded.workflow_version`,
        catchUp: sql`excluded.catch_up`,
        nextFireAt: sql`case when ${schedules.cron} = excluded.cron and ${schedules.timezone} = excluded.timezone
          then ${schedules.nextFireAt} else excluded.next_fire_at end`,
        cron: sql`excluded.cron`,
        timezone: sql`excluded.timezone`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ nodeId: schedules.nodeId, nextFireAt: schedules.nextFireAt });
  // A kept fire time's job is already waiting: sending it again is a no-op.
  const executeSql = txSql(tx);
  for (const row of rows)
    await sendFireJob(executeSql, { workflowId: saved.workflowId, nodeId: row.nodeId, fireAt: row.nextFireAt.toISOString() });
}

/** Takes the workflows' schedules down (the workflow or its workspace is deleted); their waiting jobs are dropped when due. */
export async function removeSchedules(tx: Tx, workflowIds: string[]): Promise<void> {
  await tx.delete(schedules).where(inArray(schedules.workflowId, workflowIds));
}
