import type { Me } from '@switchyard/shared';
import { output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, expectApiError, expectRejected } from '../testing/api-expect.ts';
import { createTestContext, OWNER, sessionCredential, type TestContext } from '../testing/test-context.ts';

// Sign-in, the session cookie, CSRF, session expiry, sign-in limits and passwords. `t` is a server reached
// directly; `proxied` sits behind a trusted reverse proxy (X-Forwarded-*), with sessions of 4 s, a long
// credential cache and tight sign-in limits (its owner is locked out by the last tests).
let t: TestContext;
let proxied: TestContext;
const graph = { nodes: [trigger(), output()], edges: [] };

beforeAll(async () => {
  t = await createTestContext({ worker: false });
  proxied = await createTestContext({
    worker: false,
    auth: { trustProxy: true, sessionTtlMs: 4000, cacheTtlMs: 60_000, login: { perAccount: 3, perAddress: 5 } },
  });
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

const login = (ctx: TestContext, body: unknown, headers: Record<string, string> = {}) =>
  ctx.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const json = async (res: Response): Promise<ApiResponse> => ({
  status: res.status,
  headers: res.headers,
  body: await res.json(),
});
/** The Set-Cookie line of cookie `name`, its attributes split and lower-cased. */
function setCookie(res: Response, name: string) {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  expect(line, `Set-Cookie ${name}`).toBeDefined();
  const [pair, ...attrs] = (line as string).split(';').map((s) => s.trim());
  return { value: (pair as string).slice(name.length + 1), attrs: attrs.map((a) => a.toLowerCase()) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie, not Secure over plain HTTP', async () => {
    const res = await login(t, { email: OWNER.email, password: OWNER.password });
    expect(res.status).toBe(200);
    const session = setCookie(res, 'sy_session');
    expect(session.value).toMatch(/^sys_/);
    expect(session.attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(session.attrs).not.toContain('secure');
    const csrf = setCookie(res, 'sy_csrf');
    expect(csrf.attrs).toContain('samesite=lax');
    expect(csrf.attrs).not.toContain('httponly');
    const me = (await res.json()) as Me;
    expect(me).toMatchObject({ user: { email: OWNER.email }, via: 'session', csrfToken: csrf.value });
  });

  it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
    const res = await login(t, { email: OWNER.email, password: OWNER.password }, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(setCookie(res, 'sy_session').attrs).not.toContain('secure');
  });

  it('marks both cookies Secure behind a trusted proxy that says https, and only then', async () => {
    const https = await login(proxied, { email: OWNER.email, password: OWNER.password }, { 'x-forwarded-proto': 'https' });
    expect(https.status).toBe(200);
    expect(setCookie(https, 'sy_session').attrs).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
    expect(setCookie(https, 'sy_csrf').attrs).toContain('secure');
    const http = await login(proxied, { email: OWNER.email, password: OWNER.password }, { 'x-forwarded-proto': 'http' });
    expect(setCookie(http, 'sy_session').attrs).not.toContain('secure');
  });

  it('treats the email case-insensitively', async () => {
    expect((await login(t, { email: OWNER.email.toUpperCase(), password: OWNER.password })).status).toBe(200);
  });

  it('answers a wrong password and an unknown email alike: 401 invalid_credentials, same message, no cookie', async () => {
    const wrong = await json(await login(t, { email: OWNER.email, password: 'not the password' }));
    const unknown = await json(await login(t, { email: 'nobody@example.test', password: OWNER.password }));
    const a = expectApiError(wrong, 401, 'invalid_credentials');
    const b = expectApiError(unknown, 401, 'invalid_credentials');
    expect(a).toEqual(b);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });
});

describe('GET /api/auth/me', () => {
  it('describes the session: user, workspaces, current workspace, scopes, CSRF token', async () => {
    const me = await t.call<Me>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: t.ownerId, email: OWNER.email, name: OWNER.name },
      workspace: { id: 'ws_default', role: 'owner' },
      via: 'session',
      csrfToken: t.owner['x-csrf-token'],
    });
    expect(me.body.scopes).toEqual(expect.arrayContaining(['workflows:write', 'members:manage', 'workspace:delete']));
  });

  it('describes a token: via token, no CSRF token, only its own workspace', async () => {
    const me = await t.as(await t.token(t.owner, { name: 'me', role: 'viewer' })).call<Me>('GET', '/api/auth/me');
    expect(me.body).toMatchObject({ via: 'token', csrfToken: null, workspace: { id: 'ws_default', role: 'viewer' } });
    expect(me.body.scopes).not.toContain('workflows:write');
  });

  it('answers 401 unauthorized without a credential or with an unknown cookie', async () => {
    expectApiError(await t.call('GET', '/api/auth/me', undefined, { cookie: '' }), 401, 'unauthorized');
    expectApiError(await t.call('GET', '/api/auth/me', undefined, { cookie: 'sy_session=sys_unknown' }), 401, 'unauthorized');
  });
});

describe('POST /api/auth/logout', () => {
  it('ends that session only: its cookie then gets 401, other sessions keep working', async () => {
    const session = await t.signIn(OWNER.email, OWNER.password);
    expect((await t.as(session).call('GET', '/api/auth/me')).status).toBe(200);
    const res = await t.app.request('/api/auth/logout', { method: 'POST', headers: session });
    expect(res.status).toBe(204);
    expect(setCookie(res, 'sy_session').value).toBe('');
    expectApiError(await t.as(session).call('GET', '/api/auth/me'), 401, 'unauthorized');
    expectApiError(await t.as(session).call('GET', '/api/workflows'), 401, 'unauthorized');
    expect((await t.call('GET', '/api/auth/me')).status).toBe(200);
    const log = await t.call<{ entries: { action: string; actor: { label: string } }[] }>('GET', '/api/audit?action=auth.logout');
    expect(log.body.entries).toEqual([
      expect.objectContaining({ action: 'auth.logout', actor: expect.objectContaining({ label: OWNER.email }) }),
    ]);
  });

  it('is refused to an API token (sessions only), which keeps working', async () => {
    const bearer = await t.token();
    expectApiError(await t.as(bearer).call('POST', '/api/auth/logout'), 403, 'forbidden');
    expect((await t.as(bearer).call('GET', '/api/workflows')).status).toBe(200);
  });
});

describe('session expiry', () => {
  it('a session is refused after its lifetime, whether or not it was cached, with a message saying so', async () => {
    const first = await login(proxied, { email: OWNER.email, password: OWNER.password });
    expect(setCookie(first, 'sy_session').attrs).toContain('max-age=4');
    const session = sessionCredential(first);
    expect((await proxied.as(session).call('GET', '/api/workflows')).status).toBe(200);
    await sleep(4300);
    // 1. From the credential cache (60 s here): its expiry is checked there too.
    const fromCache = await proxied.as(session).call('GET', '/api/workflows');
    expect(expectApiError(fromCache, 401, 'unauthorized').message).toMatch(/expired/);
    // 2. From the database: another session's logout clears the cache.
    const other = await login(proxied, { email: OWNER.email, password: OWNER.password });
    expect((await proxied.app.request('/api/auth/logout', { method: 'POST', headers: sessionCredential(other) })).status).toBe(
      204,
    );
    const fromDb = await proxied.as(session).call('GET', '/api/workflows');
    expect(expectApiError(fromDb, 401, 'unauthorized').message).toMatch(/expired/);
  });
});

describe('CSRF on cookie-authenticated writes', () => {
  const db = () => t.deps.database.db;
  const create = (headers: Record<string, string> = {}) => t.call('POST', '/api/workflows', { name: 'csrf', graph }, headers);

  it('refuses a write without the header: 403 csrf_failed, nothing written', async () => {
    await expectRejected(db(), () => create({ 'x-csrf-token': '' }), 403, 'csrf_failed');
  });

  it('refuses a wrong header, and the CSRF token of another session', async () => {
    await expectRejected(db(), () => create({ 'x-csrf-token': 'wrong' }), 403, 'csrf_failed');
    const other = await t.signIn(OWNER.email, OWNER.password);
    expect(other['x-csrf-token']).not.toBe(t.owner['x-csrf-token']);
    await expectRejected(db(), () => create({ 'x-csrf-token': other['x-csrf-token'] as string }), 403, 'csrf_failed');
  });

  it('refuses a delete without the header and leaves the workflow in place', async () => {
    const wf = await t.createWorkflow(graph, 'keep me');
    await expectRejected(
      db(),
      () => t.call('DELETE', `/api/workflows/${wf.id}`, undefined, { 'x-csrf-token': '' }),
      403,
      'csrf_failed',
    );
    expect((await t.call('GET', `/api/workflows/${wf.id}`)).status).toBe(200);
  });

  it('accepts the write with the right header', async () => {
    expect((await create()).status).toBe(201);
  });

  it('needs no header to read', async () => {
    expect((await t.call('GET', '/api/workflows', undefined, { 'x-csrf-token': '' })).status).toBe(200);
  });

  it('needs no header with a bearer token', async () => {
    const bearer = await t.token();
    expect((await t.as(bearer).call('POST', '/api/workflows', { name: 'by token', graph })).status).toBe(201);
  });
});

describe('POST /api/auth/password', () => {
  it('refuses a wrong current password with 401 and changes nothing', async () => {
    const member = await t.addMember('editor');
    const res = await t
      .as(member.credential)
      .call('POST', '/api/auth/password', { currentPassword: 'not it', newPassword: 'a brand new password' });
    expectApiError(res, 401, 'unauthorized');
    expect((await login(t, { email: member.email, password: member.password })).status).toBe(200);
    expect((await t.as(member.credential).call('GET', '/api/auth/me')).status).toBe(200);
  });

  it('changes it: other sessions end, this one stays; the new password signs in, the old one no longer', async () => {
    const member = await t.addMember('editor');
    const other = await t.signIn(member.email, member.password);
    const newPassword = 'a brand new password';
    const res = await t
      .as(member.credential)
      .call('POST', '/api/auth/password', { currentPassword: member.password, newPassword });
    expect(res.status).toBe(204);
    expect((await t.as(member.credential).call('GET', '/api/auth/me')).status).toBe(200);
    expectApiError(await t.as(other).call('GET', '/api/auth/me'), 401, 'unauthorized');
    expect((await login(t, { email: member.email, password: newPassword })).status).toBe(200);
    expectApiError(await json(await login(t, { email: member.email, password: member.password })), 401, 'invalid_credentials');
  });
});

describe('POST /api/members/:userId/password (admin reset)', () => {
  it("sets a member's password and ends all their sessions", async () => {
    const admin = await t.addMember('admin');
    const member = await t.addMember('viewer');
    const other = await t.signIn(member.email, member.password);
    const newPassword = 'reset by the admin';
    const res = await t.as(admin.credential).call('POST', `/api/members/${member.userId}/password`, { newPassword });
    expect(res.status).toBe(204);
    for (const session of [member.credential, other])
      expectApiError(await t.as(session).call('GET', '/api/auth/me'), 401, 'unauthorized');
    expect((await login(t, { email: member.email, password: newPassword })).status).toBe(200);
    expect((await login(t, { email: member.email, password: member.password })).status).toBe(401);
  });

  it('is refused (403) on the owner, whose password and session stay as they were', async () => {
    const admin = await t.addMember('admin');
    const res = await t
      .as(admin.credential)
      .call('POST', `/api/members/${t.ownerId}/password`, { newPassword: 'taking over the owner' });
    expectApiError(res, 403, 'forbidden');
    expect((await t.call('GET', '/api/auth/me')).status).toBe(200);
    expect((await login(t, { email: OWNER.email, password: OWNER.password })).status).toBe(200);
  });
});

describe('sign-in limits (3 failures per account, 5 per address)', () => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  /** A 429 too_many_attempts with a Retry-After of whole seconds, up to the window (15 min). */
  async function expectLimited(res: Response) {
    const retryAfter = res.headers.get('retry-after') ?? '';
    expectApiError(await json(res), 429, 'too_many_attempts');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60);
  }

  it('after 5 failures from one address (any emails), refuses that address even the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await login(proxied, { email: `guess-${i}@example.test`, password: 'guess' }, from('203.0.113.7'));
      expect(res.status).toBe(401);
    }
    await expectLimited(await login(proxied, { email: OWNER.email, password: OWNER.password }, from('203.0.113.7')));
  });

  it('another address is unaffected', async () => {
    expect((await login(proxied, { email: OWNER.email, password: OWNER.password }, from('203.0.113.8'))).status).toBe(200);
  });

  it('counts the address the trusted proxy saw (the last X-Forwarded-For hop), not one the client wrote before it', async () => {
    for (let i = 0; i < 5; i++) {
      const forged = { 'x-forwarded-for': `10.9.9.${i}, 203.0.113.50` };
      expect((await login(proxied, { email: `forge-${i}@example.test`, password: 'guess' }, forged)).status).toBe(401);
    }
    await expectLimited(
      await login(proxied, { email: OWNER.email, password: OWNER.password }, { 'x-forwarded-for': '10.9.9.99, 203.0.113.50' }),
    );
  });

  it('after 3 failures on one account (from different addresses), refuses it even the right password', async () => {
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const res = await login(proxied, { email: OWNER.email, password: 'not the password' }, from(ip));
      expect(res.status).toBe(401);
    }
    await expectLimited(await login(proxied, { email: OWNER.email, password: OWNER.password }, from('198.51.100.4')));
    await expectLimited(
      await login(proxied, { email: OWNER.email.toUpperCase(), password: OWNER.password }, from('198.51.100.5')),
    );
  });
});
