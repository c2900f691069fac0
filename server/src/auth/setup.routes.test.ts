import { type Me, type Member, WorkflowGraphSchema, type WorkflowSummary } from '@switchyard/shared';
import { output, trigger } from '@switchyard/shared/fixtures';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow } from '../db/queries/workflows.ts';
import { memberships, sessions, users } from '../db/schema.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, sessionCredential, type TestContext } from '../testing/test-context.ts';
import { DEFAULT_WORKSPACE_ID, systemScope } from '../workspace/scope.ts';

// A server without an account: the first POST /api/auth/setup makes its owner, exactly once.
let t: TestContext;
let legacyWorkflowId: string;
const OWNER = { name: 'First Owner', email: 'first@example.test', password: 'a long enough password' };

const setup = (body: unknown) =>
  t.app.request('/api/auth/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const rows = async () => ({
  users: Number((await t.deps.database.db.select({ n: count() }).from(users))[0]?.n),
  memberships: Number((await t.deps.database.db.select({ n: count() }).from(memberships))[0]?.n),
  sessions: Number((await t.deps.database.db.select({ n: count() }).from(sessions))[0]?.n),
});

beforeAll(async () => {
  t = await createTestContext({ worker: false, noOwner: true });
  // Data made before accounts existed (the migration's rows, the CLI) lives in the default workspace.
  const graph = WorkflowGraphSchema.parse({ nodes: [trigger(), output()], edges: [] });
  const legacy = await createWorkflow(t.deps.database.db, systemScope(), { name: 'made before setup', graph });
  legacyWorkflowId = legacy.id;
});
afterAll(async () => t?.close());

describe('before setup', () => {
  it('status says setup is required', async () => {
    const res = await t.call('GET', '/api/auth/status');
    expect(res).toMatchObject({ status: 200, body: { setupRequired: true } });
  });

  it('every scoped or signed-in route answers 401 setup_required, also with a made-up credential', async () => {
    expectApiError(await t.call('GET', '/api/workflows'), 401, 'setup_required');
    expectApiError(await t.call('GET', `/api/workflows/${legacyWorkflowId}`), 401, 'setup_required');
    expectApiError(await t.call('POST', '/api/workflows', { name: 'x', graph: { nodes: [], edges: [] } }), 401, 'setup_required');
    expectApiError(await t.call('GET', '/api/auth/me'), 401, 'setup_required');
    expectApiError(await t.call('GET', '/api/tokens', undefined, { authorization: 'Bearer sy_made_up' }), 401, 'setup_required');
    expectApiError(await t.call('GET', '/api/members', undefined, { cookie: 'sy_session=sys_made_up' }), 401, 'setup_required');
  });

  it('refuses invalid bodies with 400 and creates nothing', async () => {
    const bodies = [
      {},
      { ...OWNER, password: 'short' },
      { ...OWNER, email: 'not an email' },
      { ...OWNER, name: '   ' },
      { email: OWNER.email, password: OWNER.password },
      { ...OWNER, role: 'admin' },
    ];
    for (const body of bodies) {
      const res = await setup(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    expect(await rows()).toEqual({ users: 0, memberships: 0, sessions: 0 });
    expect((await t.call('GET', '/api/auth/status')).body).toEqual({ setupRequired: true });
  });
});

describe('POST /api/auth/setup', () => {
  let owner: Record<string, string>;
  let ownerEmail = '';

  it('of two at once, exactly one succeeds (201) and the other gets 409 already_set_up', async () => {
    const [a, b] = await Promise.all([setup(OWNER), setup({ ...OWNER, name: 'Rival', email: 'rival@example.test' })]);
    const results = [a, b] as Response[];
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = results.find((r) => r.status === 201) as Response;
    const lost = results.find((r) => r.status === 409) as Response;
    expect(((await lost.json()) as { error: { code: string } }).error.code).toBe('already_set_up');
    const me = (await won.json()) as Me;
    expect(me.workspace).toMatchObject({ id: DEFAULT_WORKSPACE_ID, role: 'owner' });
    owner = sessionCredential(won);
    ownerEmail = me.user.email;
    const counted = await rows();
    expect({ users: counted.users, memberships: counted.memberships }).toEqual({ users: 1, memberships: 1 });
  });

  it('status then says no setup is needed, and a later setup gets 409 and changes nothing', async () => {
    expect((await t.call('GET', '/api/auth/status')).body).toEqual({ setupRequired: false });
    const before = await rows();
    const again = await setup({ name: 'Late', email: 'late@example.test', password: 'another long password' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_set_up');
    expect(await rows()).toEqual(before);
  });

  it('signs the owner in: me shows them owning the default workspace with every scope', async () => {
    const me = await t.as(owner).call<Me>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.workspaces).toEqual([{ id: DEFAULT_WORKSPACE_ID, name: 'Default workspace', role: 'owner' }]);
    expect(me.body.scopes).toContain('workspace:delete');
    const members = await t.as(owner).call<{ members: Member[] }>('GET', '/api/members');
    expect(members.body.members.map((m) => [m.email, m.role])).toEqual([[me.body.user.email, 'owner']]);
  });

  it('keeps the data made before setup reachable to the owner', async () => {
    const list = await t.as(owner).call<{ workflows: WorkflowSummary[] }>('GET', '/api/workflows');
    expect(list.body.workflows.map((w) => w.id)).toContain(legacyWorkflowId);
    const one = await t.as(owner).call('GET', `/api/workflows/${legacyWorkflowId}`);
    expect(one).toMatchObject({ status: 200, body: { name: 'made before setup' } });
  });

  it('without a credential, routes now answer unauthorized instead of setup_required', async () => {
    expectApiError(await t.call('GET', '/api/workflows'), 401, 'unauthorized');
  });

  it('the owner (whichever of the two won) can sign in with the password given at setup', async () => {
    const me = await t.as(await t.signIn(ownerEmail, OWNER.password)).call<Me>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.workspace?.role).toBe('owner');
  });
});
