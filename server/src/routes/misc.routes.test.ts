import { apiContract, type NodeTypeDescription, type RuntimeInfo } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../runtimes/sandbox.ts';
import { countRows, expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext, testDbKind } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

describe('GET /api/health', () => {
  it('reports ok with the database it reached', async () => {
    const res = await t.call<{ status: string; database: { kind: string; latencyMs: unknown }; runtimes: { node: unknown } }>(
      'GET',
      '/api/health',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { kind: testDbKind, latencyMs: expect.any(Number) } });
    expect(res.body.runtimes.node).toBeDefined();
  });
});

describe('GET /api/node-types', () => {
  const load = async () => {
    const res = await t.call<{ nodeTypes: NodeTypeDescription[] }>('GET', '/api/node-types');
    expect(res.status).toBe(200);
    return new Map(res.body.nodeTypes.map((d) => [d.type, d]));
  };

  it('describes every built-in node type with its category, icon and a JSON Schema of its config', async () => {
    const types = await load();
    expect([...types.keys()].sort()).toEqual(['code', 'http', 'if', 'output', 'schedule', 'switch', 'trigger', 'webhook']);
    for (const d of types.values()) {
      expect(d).toMatchObject({
        version: expect.any(Number),
        title: expect.any(String),
        category: { id: expect.any(String), label: expect.any(String), order: expect.any(Number) },
      });
      expect(d.icon.length).toBeGreaterThan(0);
      expect(d.configSchema).toMatchObject({ $schema: expect.stringContaining('2020-12'), type: 'object' });
      expect(d.ports).toEqual({ inputs: expect.any(Array), outputs: expect.any(Array) });
    }
    const codeSchema = types.get('code')?.configSchema as { properties: Record<string, { enum?: string[]; type?: string }> };
    expect(Object.keys(codeSchema.properties)).toEqual(
      expect.arrayContaining(['language', 'code', 'timeoutMs', 'inputs', 'outputs']),
    );
    expect(codeSchema.properties.language?.enum).toContain('javascript');
    expect(codeSchema.properties.timeoutMs?.type).toBe('integer');
  });

  it('gives each type the ports its default config has', async () => {
    const types = await load();
    const names = (type: string, side: 'inputs' | 'outputs') => types.get(type)?.ports[side].map((p) => p.name);
    expect([names('trigger', 'inputs'), names('trigger', 'outputs')]).toEqual([[], ['output']]);
    expect([names('code', 'inputs'), names('code', 'outputs')]).toEqual([['input'], ['output']]);
    expect([names('output', 'inputs'), names('output', 'outputs')]).toEqual([['input'], []]);
    expect(types.get('trigger')?.singleton).toBe(true);
    expect(types.get('code')?.defaultConfig).toMatchObject({ language: 'javascript', inputs: ['input'], outputs: ['output'] });
  });
});

/** Every route of the API contract, as OpenAPI paths. */
const CONTRACT: Record<string, string[]> = {
  '/api/health': ['get'],
  '/api/node-types': ['get'],
  '/api/graphs/validate': ['post'],
  '/api/workflows': ['get', 'post'],
  '/api/workflows/{id}': ['delete', 'get', 'put'],
  '/api/workflows/{id}/versions': ['get'],
  '/api/workflows/{id}/versions/{version}': ['get'],
  '/api/workflows/{id}/runs': ['post'],
  '/api/workflows/{id}/webhooks': ['get'],
  '/api/runs': ['get'],
  '/api/runs/{id}': ['get'],
  '/api/runs/{id}/events': ['get'],
  '/api/runs/{id}/cancel': ['post'],
  '/api/runtimes': ['get'],
  '/api/runtimes/decide': ['post'],
  '/api/metrics/runtimes': ['get'],
  '/api/code/execute': ['post'],
  '/api/secrets': ['get'],
  '/api/code-agents': ['get', 'post'],
  '/api/code-agents/drafts/run': ['post'],
  '/api/code-agents/drafts/decide': ['post'],
  '/api/code-agents/{id}': ['delete', 'get', 'patch'],
  '/api/code-agents/{id}/publish': ['post'],
  '/api/code-agents/{id}/unpublish': ['post'],
  '/api/code-agents/{id}/versions': ['get', 'post'],
  '/api/code-agents/{id}/versions/{version}': ['get'],
  '/api/code-agents/{id}/versions/{version}/tool': ['get'],
  '/api/code-agents/{id}/versions/{version}/execute': ['post'],
  '/api/code-agents/{id}/diff': ['get'],
  '/api/code-agents/{id}/usage': ['get'],
  '/api/secrets/{name}': ['delete', 'put'],
  '/api/auth/status': ['get'],
  '/api/auth/setup': ['post'],
  '/api/auth/login': ['post'],
  '/api/auth/logout': ['post'],
  '/api/auth/me': ['get'],
  '/api/auth/password': ['post'],
  '/api/auth/invites/{token}': ['get'],
  '/api/auth/invites/{token}/accept': ['post'],
  '/api/workspaces': ['get', 'post'],
  '/api/workspace': ['delete', 'patch'],
  '/api/workspace/transfer': ['post'],
  '/api/members': ['get'],
  '/api/members/{userId}': ['delete', 'patch'],
  '/api/members/{userId}/password': ['post'],
  '/api/invites': ['get', 'post'],
  '/api/invites/{id}': ['delete'],
  '/api/tokens': ['get', 'post'],
  '/api/tokens/{id}': ['delete'],
  '/api/audit': ['get'],
};

type Operation = {
  parameters: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('GET /api/runtimes', () => {
  it('lists every runtime with its real isolation, languages, and what to configure when unavailable', async () => {
    const res = await t.call<{ runtimes: RuntimeInfo[] }>('GET', '/api/runtimes');
    expect(res.status).toBe(200);
    const byId = new Map(res.body.runtimes.map((r) => [r.id, r]));
    expect([...byId.keys()]).toEqual(['node', 'wasm', 'e2b']);
    const sandboxed = probeSandbox().ok;
    expect(byId.get('node')).toMatchObject({
      available: true,
      isolation: sandboxed ? 'sandbox' : 'process',
      backend: sandboxed ? 'node-process+bwrap' : 'node-process',
      // Python and Bash run on node only inside its OS sandbox.
      languages: sandboxed ? ['javascript', 'typescript', 'python', 'bash'] : ['javascript', 'typescript'],
    });
    expect(byId.get('wasm')).toMatchObject({
      available: true,
      isolation: sandboxed ? 'sandbox' : 'process',
      languages: ['javascript', 'typescript', 'python', 'wasi'],
    });
    expect(byId.get('e2b')).toMatchObject({
      available: false,
      isolation: 'sandbox',
      reason: expect.stringContaining('E2B_API_KEY'),
    });
  });
});

describe('POST /api/runtimes/decide', () => {
  it('tells the inspector what a code node would run on, and why, before it runs', async () => {
    type Decision = { runtime: string | null; reason: string; isolation?: string; fallbacks: string[] };
    const decide = (body: unknown) => t.call<Decision>('POST', '/api/runtimes/decide', body);
    const sandboxed = probeSandbox().ok;
    const pure = await decide({ language: 'typescript', code: 'export default (i: { n: number }) => i.n * 2' });
    expect(pure.status).toBe(200);
    if (sandboxed) {
      expect(pure.body).toMatchObject({
        runtime: 'wasm',
        reason: expect.stringMatching(/^wasm: pure TypeScript, no network/),
        fallbacks: ['node'],
      });
      const fetching = await decide({
        language: 'javascript',
        code: 'export default () => fetch("https://example.com")',
        policy: { network: 'on' },
      });
      expect(fetching.body).toMatchObject({
        runtime: 'node',
        reason: expect.stringMatching(/^node: JavaScript using fetch, network on/),
      });
    } else {
      // No OS sandbox: nothing runs unless the workflow opts into trusted execution.
      expect(pure.body.runtime).toBeNull();
      expect((await decide({ language: 'typescript', code: '', trusted: true })).body.runtime).not.toBeNull();
    }
    const numpy = await decide({ language: 'python', code: 'import numpy' });
    expect(numpy.body).toMatchObject({ runtime: null, reason: expect.stringContaining('e2b: set E2B_API_KEY') });
    expectApiError(await decide({ language: 'cobol' }), 400, 'validation_failed');
  });
});

describe('the shared API contract', () => {
  it('lists exactly the method + path pairs the Hono app serves', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path !== '/api/openapi.json')
        .map((r) => `${r.method} ${r.path}`),
    );
    const declared = new Set(Object.values(apiContract).map((op) => `${op.method} /api${op.path}`));
    expect([...served].sort()).toEqual([...declared].sort());
  });
});

describe('GET /api/openapi.json', () => {
  const load = async () => {
    const res = await t.call<OpenApi>('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    return res.body;
  };

  it('documents exactly the routes of the contract, method by method', async () => {
    const doc = await load();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const documented = Object.fromEntries(Object.entries(doc.paths).map(([path, ops]) => [path, Object.keys(ops).sort()]));
    expect(documented).toEqual(CONTRACT);
  });

  it('declares every path parameter, and an error envelope for every 4xx', async () => {
    const doc = await load();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const declared = op.parameters.filter((p) => p.in === 'path' && p.required).map((p) => p.name);
        expect({ route: `${method} ${path}`, params: declared }).toEqual({ route: `${method} ${path}`, params: inPath });
        for (const [status, response] of Object.entries(op.responses)) {
          if (!status.startsWith('4')) continue;
          const schema = response.content?.['application/json']?.schema;
          expect({ route: `${method} ${path} ${status}`, hasError: Boolean(schema?.properties?.error) }).toEqual({
            route: `${method} ${path} ${status}`,
            hasError: true,
          });
        }
      }
    }
  });

  it('documents only paths the app really serves', async () => {
    const doc = await load();
    // A token, not the owner's session: this loop also calls logout.
    const caller = t.as(await t.token());
    const before = await countRows(t.deps.database.db);
    for (const [path, ops] of Object.entries(doc.paths)) {
      const concrete = path.replace('{id}', 'zz_unknown').replace('{version}', '1');
      for (const method of Object.keys(ops)) {
        const res = await caller.call<{ error?: { code: string } }>(
          method.toUpperCase(),
          concrete,
          method === 'get' ? undefined : {},
        );
        expect({ route: `${method} ${path}`, code: res.body?.error?.code }).not.toEqual({
          route: `${method} ${path}`,
          code: 'route_not_found',
        });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expectApiError(res, res.status, res.body?.error?.code ?? '(missing)');
      }
    }
    expect(await countRows(t.deps.database.db)).toEqual(before);
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api'],
    ['GET', '/api/workflows/wf_x/nope'],
    ['POST', '/api/workflows/wf_x/versions'],
    ['PATCH', '/api/workflows/wf_x'],
    ['DELETE', '/api/runs/run_x'],
    ['PUT', '/api/graphs/validate'],
  ])('answers %s %s with a 404 JSON envelope naming the route', async (method, path) => {
    const error = expectApiError(await t.call(method, path), 404, 'route_not_found');
    expect(error.message).toContain(`${method} ${path}`);
  });

  it('does not answer non-API paths with the API envelope', async () => {
    const res = await t.call('GET', '/definitely-not-here');
    expect(res.status).toBe(404);
    expect(res.body).not.toHaveProperty('error');
  });
});
