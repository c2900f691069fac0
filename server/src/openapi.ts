import {
  ApiErrorSchema,
  CreateRunBodySchema,
  CreateWorkflowBodySchema,
  ListRunsQuerySchema,
  RunEventSchema,
  RunSchema,
  RunSummarySchema,
  UpdateWorkflowBodySchema,
  ValidateGraphBodySchema,
  WorkflowSchema,
  WorkflowSummarySchema,
  WorkflowVersionSchema,
} from '@switchyard/shared';
import { z } from 'zod';

/** The API surface, described from the same zod schemas the routes validate with. */
interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  responses: Record<number, { description: string; schema?: z.ZodType; sse?: boolean }>;
}

const err = (description: string) => ({ description, schema: ApiErrorSchema });
const VersionListSchema = z.object({
  versions: z.array(
    z.object({ version: z.number().int(), name: z.string(), createdAt: z.string(), nodeCount: z.number().int() }),
  ),
});

const operations: Operation[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness and database round trip', responses: { 200: { description: 'ok' } } },
  {
    method: 'get',
    path: '/api/node-types',
    summary: 'Node definitions: config JSON Schema, ports, editor hints',
    responses: { 200: { description: 'node types' } },
  },
  {
    method: 'post',
    path: '/api/graphs/validate',
    summary: 'Compile a graph without saving it',
    body: ValidateGraphBodySchema,
    responses: { 200: { description: '{ ok, errors }' }, 400: err('malformed body') },
  },
  {
    method: 'get',
    path: '/api/workflows',
    summary: 'List workflows (search with ?q=)',
    query: z.object({ q: z.string().optional() }),
    responses: { 200: { description: 'workflows', schema: z.object({ workflows: z.array(WorkflowSummarySchema) }) } },
  },
  {
    method: 'post',
    path: '/api/workflows',
    summary: 'Create a workflow (version 1)',
    body: CreateWorkflowBodySchema,
    responses: { 201: { description: 'created', schema: WorkflowSchema }, 400: err('invalid body'), 413: err('body too large') },
  },
  {
    method: 'get',
    path: '/api/workflows/{id}',
    summary: 'A workflow with its latest graph',
    responses: { 200: { description: 'workflow', schema: WorkflowSchema }, 404: err('unknown id') },
  },
  {
    method: 'put',
    path: '/api/workflows/{id}',
    summary: 'Rename and/or save a new version',
    body: UpdateWorkflowBodySchema,
    responses: { 200: { description: 'updated', schema: WorkflowSchema }, 400: err('invalid body'), 404: err('unknown id') },
  },
  {
    method: 'delete',
    path: '/api/workflows/{id}',
    summary: 'Delete a workflow (runs are kept)',
    responses: { 204: { description: 'deleted' }, 404: err('unknown id') },
  },
  {
    method: 'get',
    path: '/api/workflows/{id}/versions',
    summary: 'Saved versions, newest first',
    responses: { 200: { description: 'versions', schema: VersionListSchema }, 404: err('unknown id') },
  },
  {
    method: 'get',
    path: '/api/workflows/{id}/versions/{version}',
    summary: 'One immutable version',
    responses: { 200: { description: 'version', schema: WorkflowVersionSchema }, 404: err('unknown id or version') },
  },
  {
    method: 'post',
    path: '/api/workflows/{id}/runs',
    summary: 'Start a run of the latest version (detached)',
    body: CreateRunBodySchema,
    responses: {
      202: { description: 'queued', schema: z.object({ runId: z.string(), workflowVersion: z.number().int() }) },
      404: err('unknown workflow'),
      422: err('the workflow has compile errors (details.errors)'),
    },
  },
  {
    method: 'get',
    path: '/api/runs',
    summary: 'Recent runs, newest first',
    query: ListRunsQuerySchema,
    responses: { 200: { description: 'runs', schema: z.object({ runs: z.array(RunSummarySchema) }) } },
  },
  {
    method: 'get',
    path: '/api/runs/{id}',
    summary: 'A run with per-node state',
    responses: { 200: { description: 'run', schema: RunSchema }, 404: err('unknown id') },
  },
  {
    method: 'get',
    path: '/api/runs/{id}/events',
    summary: 'Server-Sent Events: id = seq, event = type; honours Last-Event-ID and ?after=; ends after run.finished',
    query: z.object({ after: z.number().int().optional() }),
    responses: {
      200: { description: 'text/event-stream of RunEvent', schema: RunEventSchema, sse: true },
      404: err('unknown id'),
    },
  },
  {
    method: 'post',
    path: '/api/runs/{id}/cancel',
    summary: 'Cancel a run: running code is killed, the rest marked cancelled',
    responses: { 202: { description: 'cancelling or cancelled' }, 404: err('unknown id'), 409: err('already finished') },
  },
];

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** OpenAPI 3.1 document for `GET /api/openapi.json`. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema: json(schema as z.ZodType),
        }))
      : [];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      parameters: [...params, ...query],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body) } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema ? { content: { [r.sse ? 'text/event-stream' : 'application/json']: { schema: json(r.schema) } } } : {}),
          },
        ]),
      ),
    };
  }
  return { openapi: '3.1.0', info: { title: 'Switchyard API', version: '0.1.0' }, paths };
}
