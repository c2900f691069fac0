import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AuditEntry, Run } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { type Credential, createTestContext, type TestContext } from '../testing/test-context.ts';

/**
 * Workspace isolation, driven by `GET /api/openapi.json`: every operation with a path parameter is called
 * from workspace B with the ids of workspace A's objects, by A's owner pointed at B and by a member of B
 * only. Each must answer exactly like an unknown id (404 `not_found`), change nothing in A, and lists in B
 * must not show A's objects. A new operation with a path parameter fails here until it has a filler below.
 */

interface Operation {
  operationId: string;
  method: string;
  /** OpenAPI form: `/api/workflows/{id}`. */
  path: string;
  access: string;
  hasBody: boolean;
}

/** Operations with a path parameter that are deliberately not addressed by a workspace's id, and why. */
const NOT_ID_ROUTES: Record<string, string> = {
  // The invite's one-time token is a capability, not an id; public by design, it names its own workspace.
  previewInvite: 'public, addressed by a secret token',
  acceptInvite: 'public, addressed by a secret token',
  // Secrets are addressed by name in the caller's workspace: PUT from B makes B's own secret (tested below).
  putSecret: 'an upsert by name in the caller’s workspace',
};

/** Request bodies each operation would accept, so a 404 can only come from the id, never from validation. */
const BODIES: Record<string, unknown> = {
  updateWorkflow: { name: 'stolen' },
  startRun: { input: 1 },
  patchCodeAgent: { name: 'stolen' },
  createCodeAgentVersion: {
    content: { language: 'javascript', entry: 'main.js', files: [{ path: 'main.js', content: 'export default () => "stolen"' }] },
  },
  executeCodeAgentVersion: { inputs: {} },
  setMemberRole: { role: 'viewer' },
  resetMemberPassword: { newPassword: 'a stolen password 123' },
};
const QUERIES: Record<string, string> = { diffCodeAgentVersions: '?from=1&to=2' };

/** The tables whose rows must not change, each dumped in full before and after. */
const TABLES = [
  'workflows',
  'workflow_versions',
  'runs',
  'code_agents',
  'code_agent_versions',
  'secrets',
  'api_tokens',
  'invites',
  'memberships',
];

const SECRET_VALUE = 'workspace-a-secret-value-5150';
const agentContent = (n: number) => ({
  language: 'javascript',
  entry: 'main.js',
  files: [{ path: 'main.js', content: `export default () => ${n}` }],
});
const readSecret = {
  language: 'javascript',
  code: 'export default () => process.env.S.length',
  policy: { env: { S: { secret: 'A_SECRET' } } },
};

let t: TestContext;
let operations: Operation[];
/** Workspace A's objects (the owner's default workspace). */
const a = {
  workspaceId: '',
  workflowId: '',
  runId: '',
  agentId: '',
  tokenId: '',
  inviteId: '',
  memberId: '',
  token: {} as Credential,
};
/** The owner pointed at workspace B, and an admin of B who belongs to nothing else. */
let ownerInB: Credential;
let adminOfB: Credential;

beforeAll(async () => {
  t = await createTestContext();
  a.workspaceId = (await t.call<{ workspace: { id: string } }>('GET', '/api/auth/me')).body.workspace.id;

  //  trigger → double → output, saved twice (two versions), run once to the end
  const graph = (factor: number) => ({
    nodes: [trigger(), code('double', `export default ({ input }) => input * ${factor}`), output()],
    edges: [edge('trigger', 'double'), edge('double', 'output')],
  });
  const wf = await t.createWorkflow(graph(3), 'A workflow');
  a.workflowId = wf.id;
  expect((await t.call('PUT', `/api/workflows/${wf.id}`, { name: 'A workflow v2', graph: graph(2) })).status).toBe(200);
  a.runId = await t.startRun(wf.id, 21);
  expect(await t.waitForRun(a.runId)).toMatchObject({ status: 'succeeded', output: 42 });

  const agent = await t.call<{ id: string }>('POST', '/api/code-agents', {
    slug: 'a-agent',
    name: 'A agent',
    content: agentContent(1),
  });
  a.agentId = agent.body.id;
  expect((await t.call('POST', `/api/code-agents/${a.agentId}/versions`, { content: agentContent(2) })).status).toBe(201);
  expect((await t.call('POST', `/api/code-agents/${a.agentId}/publish`)).status).toBe(200);

  expect((await t.call('PUT', '/api/secrets/A_SECRET', { value: SECRET_VALUE })).status).toBeLessThan(300);
  const token = await t.call<{ id: string; token: string }>('POST', '/api/tokens', { name: 'A token' });
  a.tokenId = token.body.id;
  a.token = { authorization: `Bearer ${token.body.token}` };
  a.inviteId = (await t.call<{ id: string }>('POST', '/api/invites', { email: 'pending@example.test', role: 'viewer' })).body.id;
  a.memberId = (await t.addMember('editor')).userId;

  ownerInB = await t.workspace('workspace B');
  adminOfB = (await t.addMember('admin', ownerInB)).credential;

  const doc = await t.call<{ paths: Record<string, Record<string, Record<string, unknown>>> }>('GET', '/api/openapi.json');
  operations = Object.entries(doc.body.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      operationId: op.operationId as string,
      method: method.toUpperCase(),
      path,
      access: op['x-switchyard-access'] as string,
      hasBody: 'requestBody' in op,
    })),
  );
}, 60_000);
afterAll(async () => t?.close());

const withParams = () => operations.filter((op) => op.path.includes('{'));

/** A's id for a parameter, by the resource the path is under; undefined when this test knows no filler. */
function filler(path: string, param: string): string | undefined {
  if (param === 'version') return '1';
  const ids: Record<string, string> = {
    'workflows:id': a.workflowId,
    'runs:id': a.runId,
    'code-agents:id': a.agentId,
    'secrets:name': 'A_SECRET',
    'members:userId': a.memberId,
    'invites:id': a.inviteId,
    'tokens:id': a.tokenId,
  };
  return ids[`${path.split('/')[2]}:${param}`];
}

function fill(op: Operation): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const id = filler(op.path, param);
    if (id === undefined) throw new Error(`no filler for {${param}} in ${op.method} ${op.path} (${op.operationId})`);
    return id;
  });
  return path + (QUERIES[op.operationId] ?? '');
}

/** Every row of the watched tables, as JSON. */
async function snapshot() {
  const dump: Record<string, Record<string, unknown>[]> = {};
  for (const table of TABLES) dump[table] = (await t.deps.database.executeSql(`select * from ${table} order by 1, 2`)).rows;
  return JSON.parse(JSON.stringify(dump)) as Record<string, Record<string, unknown>[]>;
}

/** Calls every id operation as `caller` with A's ids; the answers that were not 404 `not_found`. */
async function tryEveryIdRoute(caller: Credential) {
  const wrong: string[] = [];
  for (const op of withParams().filter((o) => !(o.operationId in NOT_ID_ROUTES))) {
    const body =
      BODIES[op.operationId] ?? (op.hasBody ? undefined : ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined);
    if (op.hasBody && body === undefined) {
      wrong.push(`${op.operationId}: no request body known to this test`);
      continue;
    }
    const res = await t.as(caller).call(op.method, fill(op), body);
    const code = (res.body as { error?: { code?: string } } | null)?.error?.code;
    if (res.status !== 404 || code !== 'not_found')
      wrong.push(`${op.method} ${op.path} (${op.operationId}): ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  }
  return wrong;
}

describe('the operations with a path parameter', () => {
  it('all have a filler or a stated reason; the public ones are exactly the invite links', () => {
    const ops = withParams();
    expect(ops.length).toBeGreaterThan(20);
    for (const op of ops.filter((o) => !(o.operationId in NOT_ID_ROUTES))) expect(() => fill(op), op.operationId).not.toThrow();
    expect(
      ops
        .filter((o) => o.access === 'public')
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(['acceptInvite', 'previewInvite']);
    for (const id of Object.keys(NOT_ID_ROUTES)) expect(ops.map((o) => o.operationId)).toContain(id);
  });
});

describe('A’s ids from workspace B', () => {
  it('answer 404 not_found on every id route for A’s owner acting in B, and change nothing', async () => {
    const before = await snapshot();
    expect(await tryEveryIdRoute(ownerInB)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('answer 404 not_found on every id route for an admin of B only, and change nothing', async () => {
    const before = await snapshot();
    expect(await tryEveryIdRoute(adminOfB)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('a member of B only cannot name workspace A in the header: 404 on A’s lists and objects', async () => {
    const intoA = { ...adminOfB, 'x-switchyard-workspace': a.workspaceId };
    for (const path of ['/api/workflows', `/api/workflows/${a.workflowId}`, '/api/secrets', '/api/members', '/api/audit'])
      expectApiError(await t.as(intoA).call('GET', path), 404, 'not_found');
    const before = await snapshot();
    expectApiError(await t.as(intoA).call('DELETE', `/api/workflows/${a.workflowId}`), 404, 'not_found');
    expect(await snapshot()).toEqual(before);
  });

  it('a body naming A’s member is no member in B (ownership transfer)', async () => {
    const before = await snapshot();
    expectApiError(await t.as(ownerInB).call('POST', '/api/workspace/transfer', { userId: a.memberId }), 404, 'not_found');
    expect(await snapshot()).toEqual(before);
  });

  it('leaves A’s objects readable and working from A', async () => {
    expect((await t.call('GET', `/api/workflows/${a.workflowId}`)).body).toMatchObject({ name: 'A workflow v2', version: 2 });
    expect((await t.call<Run>('GET', `/api/runs/${a.runId}`)).body).toMatchObject({ status: 'succeeded', output: 42 });
    expect((await t.call('GET', `/api/code-agents/${a.agentId}`)).body).toMatchObject({ published: true, latestVersion: 2 });
    expect((await t.as(a.token).call('GET', `/api/workflows/${a.workflowId}`)).status).toBe(200);
    const invites = await t.call<{ invites: { id: string }[] }>('GET', '/api/invites');
    expect(invites.body.invites.map((i) => i.id)).toContain(a.inviteId);
    const members = await t.call<{ members: { userId: string; role: string }[] }>('GET', '/api/members');
    expect(members.body.members.find((m) => m.userId === a.memberId)?.role).toBe('editor');
    expect((await t.call('POST', '/api/code/execute', readSecret)).body).toMatchObject({ output: SECRET_VALUE.length });
  });
});

describe('lists in workspace B', () => {
  const ids = () => [
    a.workflowId,
    a.runId,
    a.agentId,
    a.tokenId,
    a.inviteId,
    a.memberId,
    'A_SECRET',
    SECRET_VALUE,
    a.workspaceId,
  ];

  it.each([
    '/api/workflows',
    '/api/runs',
    '/api/runs?workflowId={wf}',
    '/api/code-agents',
    '/api/secrets',
    '/api/tokens',
    '/api/invites',
    '/api/members',
    '/api/audit?limit=200',
    '/api/metrics/runtimes',
  ])('%s shows nothing of A, to A’s owner and to B’s admin', async (template) => {
    const path = template.replace('{wf}', a.workflowId);
    for (const caller of [ownerInB, adminOfB]) {
      const res = await t.as(caller).call('GET', path);
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(ids().filter((id) => text.includes(id))).toEqual([]);
    }
  });

  it('the audit of B holds no row of A, even filtered by A’s ids', async () => {
    for (const resourceId of [a.workflowId, a.runId, a.agentId, a.tokenId, a.inviteId, a.memberId, 'A_SECRET']) {
      const res = await t.as(ownerInB).call<{ entries: AuditEntry[] }>('GET', `/api/audit?resourceId=${resourceId}`);
      expect(res.body.entries).toEqual([]);
    }
    const all = await t.as(ownerInB).call<{ entries: AuditEntry[] }>('GET', '/api/audit?limit=200');
    expect(all.body.entries.length).toBeGreaterThan(0);
    expect(all.body.entries.every((e) => e.workspaceId === ownerInB['x-switchyard-workspace'])).toBe(true);
  });
});

describe('names and references across workspaces', () => {
  it('A’s secret referenced by name from code executed in B is secret_missing (422)', async () => {
    for (const caller of [ownerInB, adminOfB])
      expectApiError(await t.as(caller).call('POST', '/api/code/execute', readSecret), 422, 'secret_missing');
  });

  it('PUT of A’s secret name from B makes B’s own secret; A’s stays as it was', async () => {
    const ofA = async () => (await snapshot()).secrets?.filter((r) => r.workspace_id === a.workspaceId);
    const before = await ofA();
    expect((await t.as(adminOfB).call('PUT', '/api/secrets/A_SECRET', { value: 'b-own-value-77' })).status).toBeLessThan(300);
    expect(await ofA()).toEqual(before);
    expect((await t.as(adminOfB).call('POST', '/api/code/execute', readSecret)).body).toMatchObject({
      output: 'b-own-value-77'.length,
    });
    expect((await t.call('POST', '/api/code/execute', readSecret)).body).toMatchObject({ output: SECRET_VALUE.length });
    expect((await t.as(adminOfB).call('DELETE', '/api/secrets/A_SECRET')).status).toBe(204);
    expect((await t.call('POST', '/api/code/execute', readSecret)).body).toMatchObject({ output: SECRET_VALUE.length });
  });

  it('a workflow in B whose code node names A’s agent fails with agent_not_found', async () => {
    //  trigger → use (A's agent, its latest published version) → output
    const graph = {
      nodes: [trigger(), code('use', 'export default () => 0', { agent: { agentId: a.agentId, version: 'latest' } }), output()],
      edges: [edge('trigger', 'use'), edge('use', 'output')],
    };
    const created = await t.as(ownerInB).call<{ id: string }>('POST', '/api/workflows', { name: 'B uses A', graph });
    expect(created.status).toBe(201);
    const started = await t.as(ownerInB).call<{ runId: string }>('POST', `/api/workflows/${created.body.id}/runs`, { input: 1 });
    expect(started.status).toBe(202);
    let run: Run | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      run = (await t.as(ownerInB).call<Run>('GET', `/api/runs/${started.body.runId}`)).body;
      if (run.status !== 'queued' && run.status !== 'running') break;
    }
    expect(run).toMatchObject({ status: 'failed', error: { code: 'agent_not_found', nodeId: 'use' } });
  });

  it('an MCP token of B cannot name A’s agent (refused like a made-up id), and one of B lists and calls nothing of A', async () => {
    const tokenFor = (agentIds: string[]) =>
      t.as(ownerInB).call<{ token: string }>('POST', '/api/tokens', { name: 'B mcp', access: 'mcp', agentIds });
    const refused = expectApiError(await tokenFor([a.agentId]), 400, 'validation_failed');
    const madeUp = expectApiError(await tokenFor(['ca_made_up']), 400, 'validation_failed');
    expect(refused.message.replace(a.agentId, 'ID')).toBe(madeUp.message.replace('ca_made_up', 'ID'));
    const res = await t.as(ownerInB).call<{ token: string }>('POST', '/api/tokens', { name: 'B mcp', access: 'mcp' });
    expect(res.status).toBe(201);
    const client = new Client({ name: 'cross-workspace-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), {
      fetch: async (url, init) => t.app.request(String(url), init as RequestInit),
      requestInit: { headers: { authorization: `Bearer ${res.body.token}` } },
    });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((x) => x.name)).not.toContain('a-agent');
    const called = await client.callTool({ name: 'a-agent', arguments: {} }).catch(() => ({ isError: true }));
    expect(called.isError).toBe(true);
    await client.close();
  });
});
