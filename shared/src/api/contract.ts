import { z } from 'zod';
import type { Access } from '../auth/roles.ts';
import { RuntimeIdSchema } from '../nodes/code.node.ts';
import { authContract } from './auth.contract.ts';
import {
  DecideRuntimeBodySchema,
  ExecuteCodeBodySchema,
  ExecuteCodeResultSchema,
  ExecuteLanguageSchema,
  IsolationSchema,
  MetricsQuerySchema,
  PutSecretBodySchema,
  RuntimeDecisionInfoSchema,
  RuntimeMetricsSchema,
  SecretInfoSchema,
} from './code.schema.ts';
import { codeAgentContract } from './code-agent.contract.ts';
import { CreateRunBodySchema, ListRunsQuerySchema, RunSchema, RunSummarySchema } from './run.schema.ts';
import { RunEventSchema, RunStatusSchema } from './run-event.schema.ts';
import { triggerContract } from './trigger.contract.ts';
import {
  CreateWorkflowBodySchema,
  UpdateWorkflowBodySchema,
  ValidateGraphBodySchema,
  WorkflowSchema,
  WorkflowSummarySchema,
  WorkflowVersionSchema,
} from './workflow.schema.ts';

/** One HTTP operation: the server validates with these schemas, OpenAPI is generated from them, the web client is typed by them. */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `/api`, with `:param` segments (Hono's syntax). */
  path: string;
  /** Who may call it: checked by the server's one `authorize` middleware (see `SCOPES`). */
  access: Access;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The success status and the schema of its body (`null` for an empty or streamed body). */
  success: { status: number; description: string; schema: z.ZodType | null; sse?: boolean };
  /** Documented failures (all use the `{error:{code,message,details}}` envelope). */
  errors?: Record<number, string>;
}

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    /** Round trip of `select 1`, in ms. */
    latencyMs: z.number(),
  }),
});
export type Health = z.infer<typeof HealthSchema>;

/** The palette's view of one entry of GET /api/node-types (the full shape is `NodeTypeDescription`). */
export const NodeTypeEntrySchema = z.object({
  type: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  /** The palette group (see nodes/categories.ts). */
  category: z.object({ id: z.string(), label: z.string(), order: z.number() }),
  /** lucide icon data: `[tag, attributes]` children of a 24×24 stroke icon (see IconNode). */
  icon: z.array(z.tuple([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))])),
  /** The trigger kind when the node starts runs, else null. */
  trigger: z.string().nullable(),
});
export type NodeTypeEntry = z.infer<typeof NodeTypeEntrySchema>;

export const WorkflowVersionSummarySchema = z.object({
  version: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  nodeCount: z.number().int(),
});
export type WorkflowVersionSummary = z.infer<typeof WorkflowVersionSummarySchema>;

/** One runtime as `GET /api/runtimes` reports it. */
export const RuntimeInfoSchema = z.object({
  id: RuntimeIdSchema,
  available: z.boolean(),
  /** `sandbox`: OS namespaces or a VM; `process`: a separate OS process only; `none`. */
  isolation: IsolationSchema,
  /** The engine behind it, e.g. `node-process+bwrap`. */
  backend: z.string(),
  /** Why it is unavailable (and what to configure), or what it lacks. */
  reason: z.string().optional(),
  languages: z.array(ExecuteLanguageSchema),
});
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>;

const CompileErrorOutSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  nodeIds: z.array(z.string()).optional(),
});

const ListWorkflowsQuery = z.object({ q: z.string().max(200).optional() });
const RunEventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

/**
 * The API surface, keyed by operation name. `server/src/contract.test.ts` checks that the Hono app
 * serves exactly these method + path pairs, so this table cannot drift from the routes.
 */
export const apiContract = {
  health: {
    method: 'GET',
    path: '/health',
    access: 'public',
    summary: 'Liveness and database round trip',
    success: { status: 200, description: 'ok', schema: HealthSchema },
  },
  listNodeTypes: {
    method: 'GET',
    path: '/node-types',
    access: 'workspace:read',
    summary: 'Node definitions: config JSON Schema, ports, editor hints',
    success: { status: 200, description: 'node types', schema: z.object({ nodeTypes: z.array(NodeTypeEntrySchema.loose()) }) },
  },
  listRuntimes: {
    method: 'GET',
    path: '/runtimes',
    access: 'workspace:read',
    summary: 'Each runtime: availability (and what to configure), isolation level, backend, languages',
    success: { status: 200, description: 'runtimes', schema: z.object({ runtimes: z.array(RuntimeInfoSchema) }) },
  },
  runtimeMetrics: {
    method: 'GET',
    path: '/metrics/runtimes',
    access: 'workspace:read',
    summary: 'Executions per runtime over a window (default 60 min): count, p50/p95 duration, failure and cold-start rates',
    query: MetricsQuerySchema,
    success: {
      status: 200,
      description: 'per-runtime figures',
      schema: z.object({ windowMinutes: z.number().int(), runtimes: z.array(RuntimeMetricsSchema) }),
    },
    errors: { 400: 'invalid window' },
  },
  decideRuntime: {
    method: 'POST',
    path: '/runtimes/decide',
    access: 'workspace:read',
    summary: 'What the runtime router would pick for a language and runtime choice, why, and how isolated',
    body: DecideRuntimeBodySchema,
    success: { status: 200, description: 'the decision (runtime null when none can run it)', schema: RuntimeDecisionInfoSchema },
    errors: { 400: 'invalid body' },
  },
  executeCode: {
    method: 'POST',
    path: '/code/execute',
    access: 'code:execute',
    summary:
      'Run code once through the runtime router (no workflow): status, output, logs, runtime, decision, duration. A runtime that cannot run it answers status "unavailable" with the reason.',
    body: ExecuteCodeBodySchema,
    success: { status: 200, description: 'the execution, whatever its outcome', schema: ExecuteCodeResultSchema },
    errors: {
      400: 'invalid body',
      413: 'body too large',
      415: 'not JSON',
      422: 'the environment refers to secrets that are not set',
      429: 'too many executions at once',
    },
  },
  listSecrets: {
    method: 'GET',
    path: '/secrets',
    access: 'secrets:read',
    summary: 'Stored secrets by name (values are never returned)',
    success: { status: 200, description: 'secrets', schema: z.object({ secrets: z.array(SecretInfoSchema) }) },
  },
  putSecret: {
    method: 'PUT',
    path: '/secrets/:name',
    access: 'secrets:write',
    summary: 'Create or replace a secret; code nodes reference it as { "secret": "NAME" } in their environment',
    body: PutSecretBodySchema,
    success: { status: 200, description: 'stored (without its value)', schema: SecretInfoSchema },
    errors: { 400: 'invalid name or body', 413: 'body too large', 415: 'not JSON' },
  },
  deleteSecret: {
    method: 'DELETE',
    path: '/secrets/:name',
    access: 'secrets:write',
    summary: 'Delete a secret (nodes referring to it then fail with secret_missing)',
    success: { status: 204, description: 'deleted', schema: null },
    errors: { 404: 'unknown secret' },
  },
  ...codeAgentContract,
  ...authContract,
  ...triggerContract,
  validateGraph: {
    method: 'POST',
    path: '/graphs/validate',
    access: 'workspace:read',
    summary: 'Compile a graph without saving it',
    body: ValidateGraphBodySchema,
    success: {
      status: 200,
      description: 'the compiler verdict',
      schema: z.object({ ok: z.boolean(), errors: z.array(CompileErrorOutSchema) }).loose(),
    },
    errors: { 400: 'malformed body' },
  },
  listWorkflows: {
    method: 'GET',
    path: '/workflows',
    access: 'workflows:read',
    summary: 'List workflows, most recently updated first (search by name with ?q=)',
    query: ListWorkflowsQuery,
    success: { status: 200, description: 'workflows', schema: z.object({ workflows: z.array(WorkflowSummarySchema) }) },
  },
  createWorkflow: {
    method: 'POST',
    path: '/workflows',
    access: 'workflows:write',
    summary: 'Create a workflow (version 1)',
    body: CreateWorkflowBodySchema,
    success: { status: 201, description: 'created', schema: WorkflowSchema },
    errors: { 400: 'invalid body', 413: 'body too large', 415: 'not JSON' },
  },
  getWorkflow: {
    method: 'GET',
    path: '/workflows/:id',
    access: 'workflows:read',
    summary: 'A workflow with its latest graph',
    success: { status: 200, description: 'workflow', schema: WorkflowSchema },
    errors: { 404: 'unknown id' },
  },
  updateWorkflow: {
    method: 'PUT',
    path: '/workflows/:id',
    access: 'workflows:write',
    summary: 'Rename and/or save a new version',
    body: UpdateWorkflowBodySchema,
    success: { status: 200, description: 'updated', schema: WorkflowSchema },
    errors: { 400: 'invalid body', 404: 'unknown id', 413: 'body too large', 415: 'not JSON' },
  },
  deleteWorkflow: {
    method: 'DELETE',
    path: '/workflows/:id',
    access: 'workflows:write',
    summary: 'Delete a workflow (its versions and runs are kept)',
    success: { status: 204, description: 'deleted', schema: null },
    errors: { 404: 'unknown id' },
  },
  listWorkflowVersions: {
    method: 'GET',
    path: '/workflows/:id/versions',
    access: 'workflows:read',
    summary: 'Saved versions, newest first',
    success: { status: 200, description: 'versions', schema: z.object({ versions: z.array(WorkflowVersionSummarySchema) }) },
    errors: { 404: 'unknown id' },
  },
  getWorkflowVersion: {
    method: 'GET',
    path: '/workflows/:id/versions/:version',
    access: 'workflows:read',
    summary: 'One immutable version',
    success: { status: 200, description: 'version', schema: WorkflowVersionSchema },
    errors: { 404: 'unknown id or version' },
  },
  startRun: {
    method: 'POST',
    path: '/workflows/:id/runs',
    access: 'runs:create',
    summary: 'Start a run of the latest version (detached from this request)',
    body: CreateRunBodySchema,
    success: { status: 202, description: 'queued', schema: z.object({ runId: z.string(), workflowVersion: z.number().int() }) },
    errors: { 404: 'unknown workflow', 422: 'the workflow has compile errors (details.errors)' },
  },
  listRuns: {
    method: 'GET',
    path: '/runs',
    access: 'runs:read',
    summary: 'Recent runs, newest first',
    query: ListRunsQuerySchema,
    success: { status: 200, description: 'runs', schema: z.object({ runs: z.array(RunSummarySchema) }) },
  },
  getRun: {
    method: 'GET',
    path: '/runs/:id',
    access: 'runs:read',
    summary: 'A run with per-node state',
    success: { status: 200, description: 'run', schema: RunSchema },
    errors: { 404: 'unknown id' },
  },
  cancelRun: {
    method: 'POST',
    path: '/runs/:id/cancel',
    access: 'runs:create',
    summary: 'Cancel a run: running code is killed, the rest marked cancelled',
    success: {
      status: 202,
      description: 'cancelling or cancelled',
      schema: z.object({ runId: z.string(), status: RunStatusSchema.or(z.string()) }),
    },
    errors: { 404: 'unknown id', 409: 'already finished' },
  },
  runEvents: {
    method: 'GET',
    path: '/runs/:id/events',
    access: 'runs:read',
    summary: 'Server-Sent Events: id = seq, event = type; honours Last-Event-ID and ?after=; ends after run.finished',
    query: RunEventsQuery,
    success: { status: 200, description: 'text/event-stream of RunEvent', schema: RunEventSchema, sse: true },
    errors: { 404: 'unknown id' },
  },
} as const satisfies Record<string, Endpoint>;

export type ApiContract = typeof apiContract;
export type OperationName = keyof ApiContract;

/** Path parameter names of a contract path, e.g. `'/runs/:id'` → `'id'`. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** What a caller passes for operation `K`: path params, query and body, each only when the operation has them. */
export type OperationInput<K extends OperationName> = ([ParamNames<ApiContract[K]['path']>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<ApiContract[K]['path']>, string | number> }) &
  (ApiContract[K] extends { body: z.ZodType } ? { body: z.input<ApiContract[K]['body']> } : { body?: undefined }) &
  (ApiContract[K] extends { query: z.ZodObject } ? { query?: z.input<ApiContract[K]['query']> } : { query?: undefined });

/** The parsed success body of operation `K`. */
export type OperationOutput<K extends OperationName> = ApiContract[K]['success']['schema'] extends z.ZodType
  ? z.output<ApiContract[K]['success']['schema']>
  : null;

/** `/workflows/:id` + `{id: 'wf_1'}` → `/workflows/wf_1` (each value URI-encoded). */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}
