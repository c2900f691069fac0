import { ApiErrorSchema, apiContract, type Endpoint } from '@switchyard/shared';
import { z } from 'zod';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** `/workflows/:id` → `/api/workflows/{id}`. */
const openApiPath = (path: string) => `/api${path.replace(/:(\w+)/g, '{$1}')}`;

/** OpenAPI 3.1 document for `GET /api/openapi.json`, generated from `apiContract` (the schemas the routes validate with). */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, op] of Object.entries(apiContract) as [string, Endpoint][]) {
    const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({
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
    const success = op.success;
    const responses: Record<string, unknown> = {
      [success.status]: {
        description: success.description,
        ...(success.schema
          ? { content: { [success.sse ? 'text/event-stream' : 'application/json']: { schema: json(success.schema) } } }
          : {}),
      },
    };
    for (const [status, description] of Object.entries(op.errors ?? {}))
      responses[status] = { description, content: { 'application/json': { schema: json(ApiErrorSchema) } } };
    (paths[openApiPath(op.path)] ??= {})[op.method.toLowerCase()] = {
      operationId,
      summary: op.summary,
      /** Who may call it: `public`, `user` (any account) or a scope (see SCOPES in shared/src/auth/roles.ts). */
      'x-switchyard-access': op.access,
      ...(op.access === 'public' ? { security: [] } : {}),
      parameters: [...params, ...query],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Switchyard API', version: '0.1.0' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sy_session', description: 'writes also need X-CSRF-Token' },
        token: { type: 'http', scheme: 'bearer', description: 'an API token (POST /api/tokens), sy_…' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
