import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ApiTokenInfo, Me } from '@switchyard/shared';
import { output, trigger } from '@switchyard/shared/fixtures';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../db/schema.ts';
import { expectApiError, expectRejected } from '../testing/api-expect.ts';
import { type Credential, createTestContext, OWNER, type TestContext } from '../testing/test-context.ts';

// API tokens: `Authorization: Bearer sy_…`, shown once, capped by the creator's current role, dead at once
// when revoked, expired, or when the creator leaves. The default credential cache (30 s) is on, so
// "at once" means the change clears it.
let t: TestContext;
const graph = { nodes: [trigger(), output()], edges: [] };

beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

type Created = ApiTokenInfo & { token: string };
async function create(body: Record<string, unknown>, by: Credential = t.owner) {
  const res = await t.as(by).call<Created>('POST', '/api/tokens', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...res.body, bearer: { authorization: `Bearer ${res.body.token}` } };
}
const list = async (by: Credential = t.owner) =>
  (await t.as(by).call<{ tokens: ApiTokenInfo[] }>('GET', '/api/tokens')).body.tokens;
const read = (bearer: Credential) => t.as(bearer).call('GET', '/api/workflows');
const write = (bearer: Credential) => t.as(bearer).call('POST', '/api/workflows', { name: 'by token', graph });

describe('creating and using a token', () => {
  it('shows the value once: the list never has it, its prefix matches', async () => {
    const created = await create({ name: 'ci', role: 'editor' });
    expect(created.token).toMatch(/^sy_[A-Za-z0-9_-]{40,}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ name: 'ci', role: 'editor', access: 'api', createdBy: { id: t.ownerId }, expiresAt: null });
    const listed = await list();
    const entry = listed.find((x) => x.id === created.id);
    expect(entry).toMatchObject({ prefix: created.prefix, role: 'editor' });
    expect(entry).not.toHaveProperty('token');
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it('authenticates with Authorization: Bearer, with its role', async () => {
    const { bearer } = await create({ name: 'reader', role: 'viewer' });
    expect((await read(bearer)).status).toBe(200);
    const me = await t.as(bearer).call<Me>('GET', '/api/auth/me');
    expect(me.body).toMatchObject({ via: 'token', user: { id: t.ownerId }, workspace: { id: 'ws_default', role: 'viewer' } });
    await expectRejected(t.deps.database.db, () => write(bearer), 403, 'forbidden');
  });

  it('refuses a role above the creator’s (403)', async () => {
    const editor = await t.addMember('editor');
    for (const role of ['admin', 'owner'])
      expectApiError(await t.as(editor.credential).call('POST', '/api/tokens', { name: 'too high', role }), 403, 'forbidden');
    expect(await list(editor.credential)).toEqual([]);
  });

  it('cannot mint tokens (403)', async () => {
    const { bearer } = await create({ name: 'minter' });
    expectApiError(await t.as(bearer).call('POST', '/api/tokens', { name: 'child', role: 'viewer' }), 403, 'forbidden');
  });

  it('reads the account but cannot change it: no password change, no new workspace (403; sessions only)', async () => {
    const bearer = await t.token();
    expect((await t.as(bearer).call('GET', '/api/auth/me')).status).toBe(200);
    expect((await t.as(bearer).call('GET', '/api/workspaces')).status).toBe(200);
    const before = (await t.call<{ workspaces: unknown[] }>('GET', '/api/workspaces')).body.workspaces.length;
    expectApiError(await t.as(bearer).call('POST', '/api/workspaces', { name: 'by token' }), 403, 'forbidden');
    expectApiError(
      await t
        .as(bearer)
        .call('POST', '/api/auth/password', { currentPassword: OWNER.password, newPassword: 'a brand new password' }),
      403,
      'forbidden',
    );
    expect((await t.call<{ workspaces: unknown[] }>('GET', '/api/workspaces')).body.workspaces.length).toBe(before);
    expect((await t.signIn(OWNER.email, OWNER.password)).cookie).toBeTruthy();
  });

  it('answers 401 for an unknown token', async () => {
    expectApiError(await read({ authorization: 'Bearer sy_unknown' }), 401, 'unauthorized');
  });
});

describe('a token dies at once', () => {
  it('when revoked: on the very next request, also when an earlier request cached it', async () => {
    const used = await create({ name: 'used' });
    const unused = await create({ name: 'unused' });
    expect((await read(used.bearer)).status).toBe(200);
    for (const { id, bearer } of [used, unused]) {
      expect((await t.call('DELETE', `/api/tokens/${id}`)).status).toBe(204);
      expectApiError(await read(bearer), 401, 'unauthorized');
    }
    expect((await list()).map((x) => x.id)).not.toContain(used.id);
    expectApiError(await t.call('DELETE', `/api/tokens/${used.id}`), 404, 'not_found');
  });

  it('when its expiry passes', async () => {
    const created = await create({ name: 'short-lived', expiresInDays: 1 });
    expect(Date.parse(created.expiresAt as string) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await t.deps.database.db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiTokens.id, created.id));
    expectApiError(await read(created.bearer), 401, 'unauthorized');
  });

  it('when its creator is removed from the workspace', async () => {
    const member = await t.addMember('editor');
    const { bearer } = await create({ name: 'leaver' }, member.credential);
    expect((await write(bearer)).status).toBe(201);
    expect((await t.call('DELETE', `/api/members/${member.userId}`)).status).toBe(204);
    expectApiError(await read(bearer), 401, 'unauthorized');
  });
});

describe("a token's role follows its creator's current role", () => {
  it('an editor token can no longer write once its creator is demoted to viewer', async () => {
    const editor = await t.addMember('editor');
    const { bearer } = await create({ name: 'editor token', role: 'editor' }, editor.credential);
    expect((await write(bearer)).status).toBe(201);
    const demoted = await t.call('PATCH', `/api/members/${editor.userId}`, { role: 'viewer' });
    expect(demoted).toMatchObject({ status: 200, body: { role: 'viewer' } });
    await expectRejected(t.deps.database.db, () => write(bearer), 403, 'forbidden');
    expect((await read(bearer)).status).toBe(200);
    expect((await t.as(bearer).call<Me>('GET', '/api/auth/me')).body.workspace?.role).toBe('viewer');
  });
});

describe('MCP tokens (access: mcp)', () => {
  async function connect(token: string) {
    const client = new Client({ name: 'tokens-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), {
      fetch: async (url, init) => t.app.request(String(url), init as RequestInit),
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    return client;
  }

  it('are refused on /api (403) and work at /mcp', async () => {
    const mcp = await create({ name: 'agent host', access: 'mcp' });
    expect(mcp).toMatchObject({ access: 'mcp', role: 'runner' });
    expectApiError(await read(mcp.bearer), 403, 'forbidden');
    expectApiError(await t.as(mcp.bearer).call('GET', '/api/auth/me'), 403, 'forbidden');
    const client = await connect(mcp.token);
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
    await client.close();
  });

  it('a viewer cannot have one that calls agents (403 at /mcp)', async () => {
    const viewer = await t.addMember('viewer');
    const mcp = await create({ name: 'viewer mcp', access: 'mcp' }, viewer.credential);
    expect(mcp.role).toBe('viewer');
    const raw = await t.app.request('/mcp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${mcp.token}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expectApiError({ status: raw.status, headers: raw.headers, body: await raw.json() }, 403, 'forbidden');
  });
});

describe('who sees and revokes which tokens', () => {
  it('a non-admin sees only their own; an admin sees all', async () => {
    const editor = await t.addMember('editor');
    const admin = await t.addMember('admin');
    const mine = await create({ name: 'editor own' }, editor.credential);
    const owners = await create({ name: 'owner own' });
    const seen = await list(editor.credential);
    expect(seen.map((x) => x.id)).toEqual([mine.id]);
    const all = (await list(admin.credential)).map((x) => x.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, owners.id]));
  });

  it("a non-admin revoking someone else's token gets 404 and the token keeps working", async () => {
    const editor = await t.addMember('editor');
    const owners = await create({ name: 'not yours' });
    expectApiError(await t.as(editor.credential).call('DELETE', `/api/tokens/${owners.id}`), 404, 'not_found');
    expect((await read(owners.bearer)).status).toBe(200);
  });

  it("an admin can revoke another member's token, which dies at once", async () => {
    const editor = await t.addMember('editor');
    const admin = await t.addMember('admin');
    const theirs = await create({ name: 'revoked by admin' }, editor.credential);
    expect((await read(theirs.bearer)).status).toBe(200);
    expect((await t.as(admin.credential).call('DELETE', `/api/tokens/${theirs.id}`)).status).toBe(204);
    expectApiError(await read(theirs.bearer), 401, 'unauthorized');
    expect(await list(editor.credential)).toEqual([]);
  });

  it('a member can revoke their own token', async () => {
    const viewer = await t.addMember('viewer');
    const own = await create({ name: 'own' }, viewer.credential);
    expect((await t.as(viewer.credential).call('DELETE', `/api/tokens/${own.id}`)).status).toBe(204);
    expectApiError(await read(own.bearer), 401, 'unauthorized');
  });
});
