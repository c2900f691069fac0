import type { Me, Member, WorkflowSummary, WorkspaceMembership } from '@switchyard/shared';
import { output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { type Credential, createTestContext, type TestContext } from '../testing/test-context.ts';

// Members, roles, ownership and workspaces. Every change that shrinks what someone may do takes effect on
// their next request (the credential cache, 30 s by default, is cleared by each change).
let t: TestContext;
const graph = { nodes: [trigger(), output()], edges: [] };

beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

const members = async (by: Credential = t.owner) =>
  (await t.as(by).call<{ members: Member[] }>('GET', '/api/members')).body.members;
const roleOf = async (userId: string, by: Credential = t.owner) => (await members(by)).find((m) => m.userId === userId)?.role;
const me = async (by: Credential) => (await t.as(by).call<Me>('GET', '/api/auth/me')).body;
const wsId = (c: Credential) => c['x-switchyard-workspace'] as string;

describe('GET /api/members', () => {
  it('lists everyone with their role, to any member', async () => {
    const viewer = await t.addMember('viewer');
    const editor = await t.addMember('editor');
    const list = await members(viewer.credential);
    expect(list[0]).toMatchObject({ userId: t.ownerId, role: 'owner' });
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: viewer.userId, email: viewer.email, role: 'viewer' }),
        expect.objectContaining({ userId: editor.userId, email: editor.email, role: 'editor' }),
      ]),
    );
  });
});

describe('PATCH /api/members/:userId', () => {
  it('an admin sets a role, effective on the member’s next request', async () => {
    const admin = await t.addMember('admin');
    const viewer = await t.addMember('viewer');
    expectApiError(await t.as(viewer.credential).call('POST', '/api/workflows', { name: 'not yet', graph }), 403, 'forbidden');
    const res = await t.as(admin.credential).call<Member>('PATCH', `/api/members/${viewer.userId}`, { role: 'editor' });
    expect(res).toMatchObject({ status: 200, body: { userId: viewer.userId, role: 'editor' } });
    expect((await me(viewer.credential)).workspace?.role).toBe('editor');
    expect((await t.as(viewer.credential).call('POST', '/api/workflows', { name: 'promoted', graph })).status).toBe(201);
  });

  it('an editor cannot (403), and the role stays', async () => {
    const editor = await t.addMember('editor');
    const viewer = await t.addMember('viewer');
    expectApiError(
      await t.as(editor.credential).call('PATCH', `/api/members/${viewer.userId}`, { role: 'admin' }),
      403,
      'forbidden',
    );
    expectApiError(
      await t.as(editor.credential).call('PATCH', `/api/members/${editor.userId}`, { role: 'admin' }),
      403,
      'forbidden',
    );
    expect(await roleOf(viewer.userId)).toBe('viewer');
    expect(await roleOf(editor.userId)).toBe('editor');
  });

  it("the owner's role cannot be changed (403), not even by the owner; nobody is made owner this way (400)", async () => {
    const admin = await t.addMember('admin');
    expectApiError(await t.as(admin.credential).call('PATCH', `/api/members/${t.ownerId}`, { role: 'viewer' }), 403, 'forbidden');
    expectApiError(await t.call('PATCH', `/api/members/${t.ownerId}`, { role: 'admin' }), 403, 'forbidden');
    expectApiError(await t.call('PATCH', `/api/members/${admin.userId}`, { role: 'owner' }), 400, 'validation_failed');
    expect(await roleOf(t.ownerId)).toBe('owner');
    expect(await roleOf(admin.userId)).toBe('admin');
  });

  it('answers 404 for someone who is not a member', async () => {
    expectApiError(await t.call('PATCH', '/api/members/usr_nobody', { role: 'viewer' }), 404, 'not_found');
  });
});

describe('DELETE /api/members/:userId', () => {
  it('removes a member: their session loses the workspace at once', async () => {
    const viewer = await t.addMember('viewer');
    expect((await t.as(viewer.credential).call('GET', '/api/workflows')).status).toBe(200);
    expect((await t.call('DELETE', `/api/members/${viewer.userId}`)).status).toBe(204);
    expectApiError(await t.as(viewer.credential).call('GET', '/api/workflows'), 404, 'not_found');
    const scoped = { ...viewer.credential, 'x-switchyard-workspace': 'ws_default' };
    expectApiError(await t.as(scoped).call('GET', '/api/workflows'), 404, 'not_found');
    expect(await me(viewer.credential)).toMatchObject({ workspaces: [], workspace: null, scopes: [] });
    expect((await members()).map((m) => m.userId)).not.toContain(viewer.userId);
  });

  it('only admins remove, and never the owner (403)', async () => {
    const editor = await t.addMember('editor');
    const admin = await t.addMember('admin');
    expectApiError(await t.as(editor.credential).call('DELETE', `/api/members/${admin.userId}`), 403, 'forbidden');
    expectApiError(await t.as(admin.credential).call('DELETE', `/api/members/${t.ownerId}`), 403, 'forbidden');
    expect(await roleOf(admin.userId)).toBe('admin');
    expect(await roleOf(t.ownerId)).toBe('owner');
  });
});

describe('workspaces', () => {
  it('creating one makes the caller its owner; X-Switchyard-Workspace switches, data stays apart', async () => {
    const res = await t.call<WorkspaceMembership>('POST', '/api/workspaces', { name: '  Side project ' });
    expect(res).toMatchObject({ status: 201, body: { name: 'Side project', role: 'owner' } });
    const side = { ...t.owner, 'x-switchyard-workspace': res.body.id };
    const listed = await t.call<{ workspaces: WorkspaceMembership[] }>('GET', '/api/workspaces');
    expect(listed.body.workspaces).toEqual(expect.arrayContaining([res.body, expect.objectContaining({ id: 'ws_default' })]));
    expect((await me(side)).workspace).toEqual(res.body);
    expect((await me(t.owner)).workspace?.id).toBe('ws_default');

    const there = await t.as(side).call<{ id: string }>('POST', '/api/workflows', { name: 'only on the side', graph });
    const here = await t.call<{ id: string }>('POST', '/api/workflows', { name: 'only at home', graph });
    const names = async (c: Credential) =>
      (await t.as(c).call<{ workflows: WorkflowSummary[] }>('GET', '/api/workflows')).body.workflows.map((w) => w.id);
    expect(await names(side)).toEqual([there.body.id]);
    expect(await names(t.owner)).toContain(here.body.id);
    expect(await names(t.owner)).not.toContain(there.body.id);
    expectApiError(await t.call('GET', `/api/workflows/${there.body.id}`), 404, 'not_found');
    expect((await t.as(side).call('GET', `/api/workflows/${there.body.id}`)).status).toBe(200);
  });

  it('a workspace you are not a member of answers 404 not_found', async () => {
    const side = await t.workspace('private');
    const viewer = await t.addMember('viewer');
    const there = { ...viewer.credential, 'x-switchyard-workspace': wsId(side) };
    expectApiError(await t.as(there).call('GET', '/api/workflows'), 404, 'not_found');
    expectApiError(await t.as(there).call('GET', '/api/members'), 404, 'not_found');
    expectApiError(await t.call('GET', '/api/workflows', undefined, { 'x-switchyard-workspace': 'ws_nope' }), 404, 'not_found');
  });

  it('an admin renames it (seen at once in the list); an editor cannot', async () => {
    const ws = await t.workspace('to rename');
    const admin = await t.addMember('admin', ws);
    const editor = await t.addMember('editor', ws);
    const res = await t.as(admin.credential).call('PATCH', '/api/workspace', { name: 'Renamed' });
    expect(res).toMatchObject({ status: 200, body: { id: wsId(ws), name: 'Renamed', role: 'admin' } });
    expect((await me(ws)).workspace).toMatchObject({ id: wsId(ws), name: 'Renamed' });
    expectApiError(await t.as(editor.credential).call('PATCH', '/api/workspace', { name: 'Mine now' }), 403, 'forbidden');
    expect((await me(ws)).workspace?.name).toBe('Renamed');
  });

  it('only the owner deletes one: it and its tokens become unreachable', async () => {
    const ws = await t.workspace('to delete');
    const admin = await t.addMember('admin', ws);
    const token = await t.token(ws);
    expectApiError(await t.as(admin.credential).call('DELETE', '/api/workspace'), 403, 'forbidden');
    expect((await t.as(ws).call('DELETE', '/api/workspace')).status).toBe(204);
    expectApiError(await t.as(ws).call('GET', '/api/workflows'), 404, 'not_found');
    expectApiError(await t.as(admin.credential).call('GET', '/api/workflows'), 404, 'not_found');
    expectApiError(await t.as(token).call('GET', '/api/workflows'), 401, 'unauthorized');
    expect((await me(t.owner)).workspaces.map((w) => w.id)).not.toContain(wsId(ws));
  });

  it("deleting the owner's only workspace is refused (409)", async () => {
    const member = await t.addMember('viewer');
    const own = await t.workspace('my only one', member.credential);
    expectApiError(await t.as(own).call('DELETE', '/api/workspace'), 409, 'last_workspace');
    expect((await t.as(own).call('GET', '/api/workflows')).status).toBe(200);
  });
});

describe('POST /api/workspace/transfer', () => {
  it('only the owner transfers; the new owner owns it, the old one becomes admin', async () => {
    const ws = await t.workspace('handed over');
    const admin = await t.addMember('admin', ws);
    expectApiError(
      await t.as(admin.credential).call('POST', '/api/workspace/transfer', { userId: admin.userId }),
      403,
      'forbidden',
    );
    expectApiError(await t.as(ws).call('POST', '/api/workspace/transfer', { userId: 'usr_nobody' }), 404, 'not_found');

    const res = await t.as(ws).call<{ members: Member[] }>('POST', '/api/workspace/transfer', { userId: admin.userId });
    expect(res.status).toBe(200);
    const roles = Object.fromEntries(res.body.members.map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [t.ownerId]: 'admin', [admin.userId]: 'owner' });
    expect((await me(ws)).workspace?.role).toBe('admin');
    expect((await me(admin.credential)).workspace?.role).toBe('owner');

    // The old owner is an admin now: no more deleting or transferring.
    expectApiError(await t.as(ws).call('DELETE', '/api/workspace'), 403, 'forbidden');
    expectApiError(await t.as(ws).call('POST', '/api/workspace/transfer', { userId: t.ownerId }), 403, 'forbidden');

    // The new owner can delete it, once it is not their only workspace.
    expectApiError(await t.as(admin.credential).call('DELETE', '/api/workspace'), 409, 'last_workspace');
    await t.workspace('another', admin.credential);
    expect((await t.as(admin.credential).call('DELETE', '/api/workspace')).status).toBe(204);
    expectApiError(await t.as(ws).call('GET', '/api/workflows'), 404, 'not_found');
  });
});
