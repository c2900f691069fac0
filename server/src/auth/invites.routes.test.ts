import type { Invite, Me } from '@switchyard/shared';
import { output, trigger } from '@switchyard/shared/fixtures';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invites, memberships, users } from '../db/schema.ts';
import { type ApiResponse, expectApiError } from '../testing/api-expect.ts';
import { createTestContext, OWNER, sessionCredential, type TestContext } from '../testing/test-context.ts';

// Invite → preview → accept, through the public routes an invitee's browser calls (no credential).
let t: TestContext;
const graph = { nodes: [trigger(), output()], edges: [] };
let n = 0;
const email = () => `invitee-${++n}-${Date.now().toString(36)}@example.test`;

beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

type Created = Invite & { token: string; url: string };
const invite = async (body: Record<string, unknown>, by = t.owner) => {
  const res = await t.as(by).call<Created>('POST', '/api/invites', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const preview = (token: string) => t.call('GET', `/api/auth/invites/${token}`, undefined, { cookie: '' });
async function accept(token: string, body: unknown): Promise<ApiResponse & { raw: Response }> {
  const raw = await t.app.request(`/api/auth/invites/${token}/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { raw, status: raw.status, headers: raw.headers, body: await raw.clone().json() };
}
const accountsWith = async (address: string) =>
  Number((await t.deps.database.db.select({ n: count() }).from(users).where(eq(users.email, address)))[0]?.n);

describe('invite → preview → accept', () => {
  it('creates the account with the invited role and signs it in', async () => {
    const address = email();
    const created = await invite({ email: address, role: 'editor' });
    expect(created.token).toMatch(/^syi_/);
    expect(created.url).toMatch(new RegExp(`/invite/${created.token}$`));
    const pending = await t.call<{ invites: Invite[] }>('GET', '/api/invites');
    expect(pending.body.invites.map((i) => i.id)).toContain(created.id);
    expect(JSON.stringify(pending.body)).not.toContain(created.token);

    expect(await preview(created.token)).toMatchObject({
      status: 200,
      body: { workspaceName: 'Default workspace', email: address, role: 'editor', existingAccount: false },
    });

    const res = await accept(created.token, { name: 'New Editor', password: 'the editor password' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { email: address, name: 'New Editor' },
      workspace: { id: 'ws_default', role: 'editor' },
    });
    const session = sessionCredential(res.raw);
    const me = await t.as(session).call<Me>('GET', '/api/auth/me');
    expect(me.body.workspaces).toEqual([{ id: 'ws_default', name: 'Default workspace', role: 'editor' }]);
    expect((await t.as(session).call('POST', '/api/workflows', { name: 'by the invitee', graph })).status).toBe(201);
    expect((await t.signIn(address, 'the editor password'))['x-csrf-token']).toBeTruthy();

    // Used: gone from the pending list, and the link is dead.
    const after = await t.call<{ invites: Invite[] }>('GET', '/api/invites');
    expect(after.body.invites.map((i) => i.id)).not.toContain(created.id);
  });

  it('a used link answers 404 to preview and to a second accept, which changes nothing', async () => {
    const address = email();
    const created = await invite({ email: address, role: 'viewer' });
    expect((await accept(created.token, { name: 'Once', password: 'first password here' })).status).toBe(200);
    expectApiError(await preview(created.token), 404, 'not_found');
    expectApiError(await accept(created.token, { name: 'Twice', password: 'second password here' }), 404, 'not_found');
    expect(await accountsWith(address)).toBe(1);
    await expect(t.signIn(address, 'second password here')).rejects.toThrow(/401/);
  });

  it('an expired link answers 404 and creates no account', async () => {
    const address = email();
    const created = await invite({ email: address, role: 'viewer', expiresInDays: 1 });
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await t.deps.database.db
      .update(invites)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invites.id, created.id));
    expectApiError(await preview(created.token), 404, 'not_found');
    expectApiError(await accept(created.token, { name: 'Late', password: 'too late password' }), 404, 'not_found');
    expect(await accountsWith(address)).toBe(0);
  });

  it('a revoked link answers 404 and creates no account; revoking twice is 404', async () => {
    const address = email();
    const created = await invite({ email: address, role: 'runner' });
    expect((await t.call('DELETE', `/api/invites/${created.id}`)).status).toBe(204);
    expectApiError(await preview(created.token), 404, 'not_found');
    expectApiError(await accept(created.token, { name: 'Revoked', password: 'revoked password' }), 404, 'not_found');
    expect(await accountsWith(address)).toBe(0);
    expectApiError(await t.call('DELETE', `/api/invites/${created.id}`), 404, 'not_found');
  });

  it('an unknown link answers 404', async () => {
    expectApiError(await preview('syi_unknown'), 404, 'not_found');
    expectApiError(await accept('syi_unknown', { name: 'Nobody', password: 'nobody password' }), 404, 'not_found');
  });

  it('a new account needs a name and a long enough password; the link stays usable', async () => {
    const created = await invite({ email: email(), role: 'viewer' });
    expectApiError(await accept(created.token, { password: 'no name given here' }), 400, 'validation_failed');
    expectApiError(await accept(created.token, { name: 'Short', password: 'short' }), 400, 'validation_failed');
    expect((await preview(created.token)).status).toBe(200);
    expect((await accept(created.token, { name: 'Fine', password: 'long enough now' })).status).toBe(200);
  });
});

describe('who can be invited, and by whom', () => {
  it('inviting an existing member answers 409 already_member', async () => {
    expectApiError(await t.call('POST', '/api/invites', { email: OWNER.email, role: 'viewer' }), 409, 'already_member');
    const member = await t.addMember('runner');
    expectApiError(
      await t.call('POST', '/api/invites', { email: member.email.toUpperCase(), role: 'editor' }),
      409,
      'already_member',
    );
  });

  it('runners and editors cannot invite (403), and no invite is made', async () => {
    const before = Number((await t.deps.database.db.select({ n: count() }).from(invites))[0]?.n);
    for (const role of ['runner', 'editor'] as const) {
      const member = await t.addMember(role);
      expectApiError(
        await t.as(member.credential).call('POST', '/api/invites', { email: email(), role: 'viewer' }),
        403,
        'forbidden',
      );
      expectApiError(await t.as(member.credential).call('GET', '/api/invites'), 403, 'forbidden');
    }
    // Each addMember made (and used) one invite; the refused ones made none.
    expect(Number((await t.deps.database.db.select({ n: count() }).from(invites))[0]?.n)).toBe(before + 2);
  });

  it('an admin can invite, but not as owner (400)', async () => {
    const admin = await t.addMember('admin');
    await invite({ email: email(), role: 'admin' }, admin.credential);
    expectApiError(
      await t.as(admin.credential).call('POST', '/api/invites', { email: email(), role: 'owner' }),
      400,
      'validation_failed',
    );
  });
});

describe('an existing account (member of another workspace) accepting', () => {
  it('needs its password: wrong → 401, right → joins with the invited role and keeps its other workspace', async () => {
    const elsewhere = await t.workspace('elsewhere');
    const member = await t.addMember('editor', elsewhere);
    const created = await invite({ email: member.email, role: 'runner' });
    expect(await preview(created.token)).toMatchObject({ status: 200, body: { existingAccount: true, role: 'runner' } });

    expectApiError(await accept(created.token, { password: 'not their password' }), 401, 'invalid_credentials');
    const stillOut = await t.deps.database.db.select().from(memberships).where(eq(memberships.userId, member.userId));
    expect(stillOut.map((m) => m.workspaceId)).toEqual([elsewhere['x-switchyard-workspace']]);

    const res = await accept(created.token, { name: 'Ignored Name', password: member.password });
    expect(res.status).toBe(200);
    expect(await accountsWith(member.email)).toBe(1);
    const me = await t.as(sessionCredential(res.raw)).call<Me>('GET', '/api/auth/me');
    expect(me.body.user.id).toBe(member.userId);
    expect(me.body.user.name).not.toBe('Ignored Name');
    expect(me.body.workspaces.map((w) => [w.id, w.role]).sort()).toEqual(
      [
        [elsewhere['x-switchyard-workspace'], 'editor'],
        ['ws_default', 'runner'],
      ].sort(),
    );
    // The old session (from the first invite) still works in the other workspace.
    expect((await t.as(member.credential).call('GET', '/api/workflows')).status).toBe(200);
  });

  it("counts wrong passwords against sign-in's limit: guessing through an invite link is refused like sign-in", async () => {
    const elsewhere = await t.workspace('guessed');
    const member = await t.addMember('viewer', elsewhere);
    const created = await invite({ email: member.email, role: 'runner' });
    for (let i = 0; i < 5; i++)
      expectApiError(await accept(created.token, { password: `guess ${i}` }), 401, 'invalid_credentials');
    const limited = await accept(created.token, { password: member.password });
    expectApiError(limited, 429, 'too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Nothing joined, and the link is still unused.
    expect((await preview(created.token)).status).toBe(200);
  });
});
