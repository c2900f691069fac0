import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CodeAgent } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../runtimes/sandbox.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// The official MCP client against /mcp, through the app itself (its fetch goes to app.request).
const sandboxed = probeSandbox().ok;
let t: TestContext;
let add: CodeAgent;
let echo: CodeAgent;
let hidden: CodeAgent;
const suffix = Date.now().toString(36);

async function agent(slug: string, code: string, publish = true) {
  const res = await t.call<CodeAgent>('POST', '/api/code-agents', {
    slug: `${slug}-${suffix}`,
    name: slug,
    description: `The ${slug} tool`,
    content: {
      language: 'javascript',
      entry: 'main.js',
      files: [{ path: 'main.js', content: code }],
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
      // Without an OS sandbox nothing runs untrusted; these tests then only check listing and auth.
    },
  });
  if (publish) await t.call('POST', `/api/code-agents/${res.body.id}/publish`);
  return res.body;
}

async function connect(token?: string) {
  const client = new Client({ name: 'switchyard-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), {
    fetch: async (url, init) => t.app.request(String(url), init as RequestInit),
    ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  });
  await client.connect(transport);
  return client;
}
/** An API token limited to MCP (and to `agentIds`, when given). */
const token = async (agentIds?: string[]) =>
  (
    await t.call<{ token: string; id: string }>('POST', '/api/tokens', {
      name: 'test',
      access: 'mcp',
      ...(agentIds ? { agentIds } : {}),
    })
  ).body;
const ours = (names: string[]) => names.filter((n) => n.endsWith(suffix)).sort();

beforeAll(async () => {
  t = await createTestContext({ worker: false });
  add = await agent('add', 'export default ({ a, b }) => a + b');
  echo = await agent('fail', 'export default () => { throw new Error("nope") }');
  hidden = await agent('draft', 'export default () => 0', false);
});
afterAll(async () => t?.close());

describe('/mcp', () => {
  it('lists published agents as tools with their input schemas, and calls them', async () => {
    const client = await connect((await token()).token);
    const { tools } = await client.listTools();
    expect(ours(tools.map((x) => x.name))).toEqual([add.slug, echo.slug].sort());
    expect(tools.find((x) => x.name === add.slug)).toMatchObject({
      description: 'The add tool',
      inputSchema: { type: 'object', properties: { a: { type: 'number' } }, required: ['a', 'b'] },
    });
    expect(tools.map((x) => x.name)).not.toContain(hidden.slug);
    if (sandboxed) {
      expect(await client.callTool({ name: add.slug, arguments: { a: 2, b: 40 } })).toMatchObject({
        content: [{ type: 'text', text: '42' }],
        isError: false,
      });
      expect(await client.callTool({ name: echo.slug, arguments: { a: 1, b: 1 } })).toMatchObject({
        content: [{ type: 'text', text: 'Error (user_error): nope' }],
        isError: true,
      });
      const bad = await client.callTool({ name: add.slug, arguments: { a: 'x', b: 1 } });
      expect(bad).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringContaining('invalid_input') }] });
    }
    expect(await client.callTool({ name: hidden.slug, arguments: {} })).toMatchObject({ isError: true });
    await client.close();
  });

  it('a token limited to some agents sees and calls only those', async () => {
    const client = await connect((await token([add.id])).token);
    expect(ours((await client.listTools()).tools.map((x) => x.name))).toEqual([add.slug]);
    expect(await client.callTool({ name: echo.slug, arguments: { a: 1, b: 1 } })).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: `Unknown tool "${echo.slug}"` }],
    });
    await client.close();
  });

  it('refuses a missing, wrong or revoked token', async () => {
    await expect(connect()).rejects.toThrow();
    await expect(connect('sy_wrong')).rejects.toThrow();
    const issued = await token();
    expect((await t.call('DELETE', `/api/tokens/${issued.id}`)).status).toBe(204);
    await expect(connect(issued.token)).rejects.toThrow();
    const raw = await t.app.request('/mcp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(raw.status).toBe(401);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const listed = await t.call<{ tokens: { id: string }[] }>('GET', '/api/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(issued.token);
    expectApiError(await t.call('DELETE', `/api/tokens/${issued.id}`), 404, 'not_found');
  });

  it("a token of another workspace sees none of this workspace's agents, even by name", async () => {
    const other = await t.workspace('mcp elsewhere');
    const issued = await t.as(other).call<{ token: string }>('POST', '/api/tokens', { name: 'elsewhere', access: 'mcp' });
    expect(issued.status).toBe(201);
    const client = await connect(issued.body.token);
    expect(ours((await client.listTools()).tools.map((x) => x.name))).toEqual([]);
    expect(await client.callTool({ name: add.slug, arguments: { a: 1, b: 1 } })).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: `Unknown tool "${add.slug}"` }],
    });
    await client.close();
  });

  it.skipIf(!sandboxed)('audits a tool call as agent.execute via mcp, by the token', async () => {
    const client = await connect((await token([add.id])).token);
    await client.callTool({ name: add.slug, arguments: { a: 1, b: 2 } });
    await client.close();
    const log = await t.call<{
      entries: { action: string; resourceId: string; actor: { tokenId: string | null }; details: unknown }[];
    }>('GET', `/api/audit?action=agent.execute&resourceId=${add.id}`);
    expect(log.body.entries[0]).toMatchObject({ resourceId: add.id, details: { version: 1, via: 'mcp' } });
    expect(log.body.entries[0]?.actor.tokenId).toBeTruthy();
  });
});
