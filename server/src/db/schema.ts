import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A workflow: metadata plus a pointer to its latest immutable version. */
export const workflows = pgTable('workflows', {
  id: text('id').primaryKey(),
  /** The tenant; every query filters on it (see `server/src/workspace/scope.ts`). */
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  latestVersion: integer('latest_version').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  /** Soft delete: runs keep pointing at the versions they ran. */
  deletedAt: ts('deleted_at'),
});

/** Every saved graph, never updated (a trigger in the migration refuses UPDATE). */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    graph: jsonb('graph').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.version] })],
);

/** One execution of one workflow version. The lease columns make exactly one worker own it at a time. */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    /** Who started it: a user (through a session or one of their tokens); null for the CLI. */
    startedBy: text('started_by'),
    /** The API token it was started with, if any. */
    startedByToken: text('started_by_token'),
    /** How it was started: `manual` (signed in), `api` (a token), `cli`, `webhook`, `schedule`. */
    startedVia: text('started_via').notNull().default('manual'),
    /** The kind of trigger node that started it (`manual`, `webhook`, `schedule`; the node definition's trigger kind). */
    triggerType: text('trigger_type').notNull().default('manual'),
    /** The trigger node that started it; its other triggers are not taken. Null: every trigger fires (older runs). */
    triggerNodeId: text('trigger_node_id'),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }).notNull(),
    input: jsonb('input'),
    output: jsonb('output'),
    error: jsonb('error'),
    /** How many times a worker claimed the run (more than 1 after a crash). */
    claims: integer('claims').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: ts('lease_expires_at'),
    cancelRequestedAt: ts('cancel_requested_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    foreignKey({
      columns: [t.workflowId, t.workflowVersion],
      foreignColumns: [workflowVersions.workflowId, workflowVersions.version],
    }),
    index('runs_workflow_created_idx').on(t.workflowId, t.createdAt),
    index('runs_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('runs_active_lease_idx').on(t.leaseExpiresAt).where(sql`status in ('queued', 'running')`),
  ],
);

/** Per-node state of a run: the checkpoint a resumed run starts from. */
export const runNodes = pgTable(
  'run_nodes',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    /** Position in the plan's topological order, so the API lists nodes in execution order. */
    ordinal: integer('ordinal').notNull(),
    status: text('status', { enum: ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    runtime: text('runtime'),
    output: jsonb('output'),
    error: jsonb('error'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.nodeId] })],
);

/** Append-only event log of a run; `seq` is dense per run. */
export const runEvents = pgTable(
  'run_events',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    nodeId: text('node_id'),
    payload: jsonb('payload').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/**
 * One row per execution of user code, whoever asked (a workflow's code node or POST /api/code/execute):
 * the data behind GET /api/metrics/runtimes. Not linked by foreign keys: metrics outlive what they measured.
 */
export const codeExecLogs = pgTable(
  'code_exec_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** The workspace whose code ran (null for rows written before workspaces existed). */
    workspaceId: text('workspace_id'),
    /** `run` (a code node of a workflow run) or `adhoc` (POST /api/code/execute). */
    source: text('source', { enum: ['run', 'adhoc'] }).notNull(),
    workflowId: text('workflow_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
    runtime: text('runtime').notNull(),
    backend: text('backend').notNull(),
    language: text('language').notNull(),
    /** True when the call paid for a process start. */
    cold: boolean('cold').notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** Heap in use when the code returned, when the runtime reports it. */
    peakMemoryBytes: bigint('peak_memory_bytes', { mode: 'number' }),
    status: text('status').notNull(),
    /** Size of the JSON output, 0 when there was none. */
    bytesOut: integer('bytes_out').notNull(),
    /** The code agent and version that ran, for executions of a registry agent. */
    agentId: text('agent_id'),
    agentVersion: integer('agent_version'),
  },
  (t) => [
    index('code_exec_logs_runtime_time').on(t.runtime, t.createdAt),
    index('code_exec_logs_agent_time').on(t.agentId, t.createdAt),
    index('code_exec_logs_workspace_time').on(t.workspaceId, t.createdAt),
  ],
);

/**
 * Named secrets for code nodes' environment (`{ "secret": "NAME" }`). Values are sealed with AES-256-GCM
 * under the server's SECRETS_KEY (the name is the associated data); the API never returns them.
 */
export const secrets = pgTable(
  'secrets',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    /** base64 of iv (12 bytes) | auth tag (16 bytes) | ciphertext. */
    sealed: text('sealed').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

/** A reusable code agent: metadata and a pointer to its latest immutable version. */
export const codeAgents = pgTable(
  'code_agents',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    published: boolean('published').notNull().default(false),
    latestVersion: integer('latest_version').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Soft delete: versions stay, and so does the slug (it is never reused). */
    deletedAt: ts('deleted_at'),
  },
  (t) => [uniqueIndex('code_agents_workspace_slug').on(t.workspaceId, t.slug)],
);

/** Every saved version of a code agent, never updated (a trigger refuses UPDATE). */
export const codeAgentVersions = pgTable(
  'code_agent_versions',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => codeAgents.id),
    version: integer('version').notNull(),
    /** sha256 (hex) over the canonical content: files, entry, schemas, language, runtime, policy. */
    hash: text('hash').notNull(),
    language: text('language').notNull(),
    entry: text('entry').notNull(),
    /** `[{ path, sha256 }]`, sorted by path; the contents live in code_blobs. */
    files: jsonb('files').notNull(),
    inputSchema: jsonb('input_schema'),
    outputSchema: jsonb('output_schema'),
    runtime: text('runtime').notNull(),
    policy: jsonb('policy').notNull(),
    changelog: text('changelog').notNull().default(''),
    author: text('author').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.version] })],
);

/** File contents by sha256: shared by every version (and agent) that holds the same file. Never updated. */
export const codeBlobs = pgTable('code_blobs', {
  sha256: text('sha256').primaryKey(),
  content: text('content').notNull(),
});

/** A tenant: everything a user makes belongs to exactly one. Deleting one is soft (its data stays unreachable). */
export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

/** An account. `email` is stored lower-case; the password as `scrypt$N$r$p$salt$hash`. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
});

/** A user's one role in one workspace. */
export const memberships = pgTable(
  'memberships',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['owner', 'admin', 'editor', 'runner', 'viewer'] }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('memberships_user').on(t.userId)],
);

/** A signed-in browser: the cookie holds the token, the table only its sha256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_expires').on(t.expiresAt)],
);

/** A one-time invite link: the token's sha256, a role, an expiry. */
export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'editor', 'runner', 'viewer'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('invites_workspace').on(t.workspaceId)],
);

/**
 * API tokens (`Authorization: Bearer sy_…`), only their sha256 stored. A token acts in one workspace with
 * at most its creator's current role; `access: mcp` limits it to `/mcp` (and `agentIds`, when set).
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'editor', 'runner', 'viewer'] }).notNull(),
    access: text('access', { enum: ['api', 'mcp'] }).notNull(),
    agentIds: text('agent_ids').array(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_tokens_workspace').on(t.workspaceId)],
);

/**
 * One row per security-relevant action, written in the transaction of the action itself. A trigger refuses
 * UPDATE; only the retention job deletes (rows older than AUDIT_RETENTION_DAYS).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    /** Null for account-level actions that belong to no workspace (a failed login for an unknown email). */
    workspaceId: text('workspace_id'),
    actorUserId: text('actor_user_id'),
    actorTokenId: text('actor_token_id'),
    /** The user's email, `token <name>`, or `system`: readable after the user is gone. */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    ip: text('ip'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [
    index('audit_workspace_id').on(t.workspaceId, t.id),
    index('audit_actor_id').on(t.actorUserId, t.id),
    index('audit_at').on(t.at),
  ],
);

export * from './schema-triggers.ts';
