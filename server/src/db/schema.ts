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
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
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
  ],
);

/**
 * Named secrets for code nodes' environment (`{ "secret": "NAME" }`). Values are sealed with AES-256-GCM
 * under the server's SECRETS_KEY (the name is the associated data); the API never returns them.
 */
export const secrets = pgTable('secrets', {
  name: text('name').primaryKey(),
  /** base64 of iv (12 bytes) | auth tag (16 bytes) | ciphertext. */
  sealed: text('sealed').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A reusable code agent: metadata and a pointer to its latest immutable version. */
export const codeAgents = pgTable(
  'code_agents',
  {
    id: text('id').primaryKey(),
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
  (t) => [uniqueIndex('code_agents_slug').on(t.slug)],
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

/** Bearer tokens for the MCP endpoint; only their sha256 is stored. `agentIds` null: every published agent. */
export const mcpTokens = pgTable('mcp_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  agentIds: text('agent_ids').array(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});
