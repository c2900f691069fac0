import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { workflows, workspaces } from './schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The live webhook triggers: one row per webhook node of a workflow's latest version, replaced on every save
 * (see `server/src/triggers/sync.ts`). `path` is unique on the server: `/webhooks/<path>`.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    path: text('path').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    nodeId: text('node_id').notNull(),
    /** The saved version this row was derived from; a request starts a run of this version. */
    workflowVersion: integer('workflow_version').notNull(),
    method: text('method').notNull(),
    /** The node's parsed config (respond, timeoutMs, auth with the secret's name, never its value). */
    config: jsonb('config').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('webhooks_node_idx').on(t.workflowId, t.nodeId)],
);

/** What each webhook received lately (the editor's "last requests"); a few per node are kept. */
export const webhookRequests = pgTable(
  'webhook_requests',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    workflowId: text('workflow_id').notNull(),
    nodeId: text('node_id').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    method: text('method').notNull(),
    /** The HTTP status the caller got. */
    status: integer('status').notNull(),
    runId: text('run_id'),
    /** Why it was refused (401, 405, 413…), in words; null when a run started. */
    error: text('error'),
    contentType: text('content_type'),
    bodyBytes: integer('body_bytes').notNull().default(0),
  },
  (t) => [index('webhook_requests_node_idx').on(t.workflowId, t.nodeId, t.receivedAt)],
);

/**
 * The live schedule triggers: one row per schedule node of a workflow's latest version, replaced on save.
 * A fire is claimed by moving `next_fire_at` forward with a conditional update in the transaction that creates
 * the run, so however many processes watch the table, each fire time starts at most one run.
 */
export const schedules = pgTable(
  'schedules',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    nodeId: text('node_id').notNull(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    workflowVersion: integer('workflow_version').notNull(),
    cron: text('cron').notNull(),
    timezone: text('timezone').notNull(),
    /** After downtime: `skip` missed fire times, or start `once` for them all. */
    catchUp: text('catch_up', { enum: ['skip', 'once'] }).notNull(),
    nextFireAt: ts('next_fire_at').notNull(),
    lastFiredAt: ts('last_fired_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.nodeId] }), index('schedules_next_idx').on(t.nextFireAt)],
);
