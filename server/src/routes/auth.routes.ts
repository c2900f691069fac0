import {
  AcceptInviteBodySchema,
  ChangePasswordBodySchema,
  LoginBodySchema,
  type Me,
  SetupBodySchema,
  scopesOf,
} from '@switchyard/shared';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import {
  actorOf,
  createSession,
  deleteSession,
  endSessions,
  findUserByEmail,
  getUser,
  setPassword,
  setupOwner,
} from '../auth/accounts.ts';
import { authErrors } from '../auth/auth-errors.ts';
import type { Principal } from '../auth/auth-service.ts';
import { acceptInvite, previewInvite } from '../auth/invites.ts';
import { decoyHash, verifyPassword } from '../auth/password.ts';
import type { Deps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { CSRF_COOKIE, clientIp, principalOf, SESSION_COOKIE, WORKSPACE_HEADER } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';

const TokenParam = z.object({ token: z.string().min(1).max(200) });

/** Sign-in, sign-out, the first owner, password changes and invite acceptance. */
export function authRoutes(deps: Deps) {
  const { auth } = deps;
  const db = deps.database.db;

  /** Starts a session: the HttpOnly cookie, the readable CSRF cookie, and the caller's view. */
  const signIn = async (c: Context, userId: string, status: 200 | 201) => {
    const token = await createSession(
      db,
      userId,
      auth.sessionTtlMs,
      clientIp(c, auth.trustProxy),
      c.req.header('user-agent') ?? null,
    );
    const secure = auth.secureCookies === 'always' || (auth.secureCookies === 'auto' && isHttps(c, auth.trustProxy));
    const maxAge = Math.floor(auth.sessionTtlMs / 1000);
    const csrf = auth.csrfFor(token);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure, maxAge });
    setCookie(c, CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'Lax', path: '/', secure, maxAge });
    const principal = await auth.fromSession(token);
    if (!principal) throw new Error('a session just created does not resolve');
    return c.json(meOf(c, principal), status);
  };

  return new Hono()
    .get('/status', async (c) => c.json({ setupRequired: await auth.setupRequired() }))
    .post('/setup', validate('json', SetupBodySchema), async (c) => {
      const user = await setupOwner(db, c.req.valid('json'), clientIp(c, auth.trustProxy));
      auth.markSetUp();
      return signIn(c, user.id, 201);
    })
    .post('/login', validate('json', LoginBodySchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const ip = clientIp(c, auth.trustProxy);
      const wait = auth.limiter.retryAfter(email, ip);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw authErrors.tooManyAttempts(wait);
      }
      const user = await findUserByEmail(db, email);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      const who = { workspaceId: null, actor: user ? actorOf(user, ip) : { userId: null, tokenId: null, label: email, ip } };
      if (!user || !ok) {
        auth.limiter.fail(email, ip);
        await audit(db, who, {
          action: 'auth.login',
          resourceType: 'user',
          resourceId: user?.id,
          outcome: 'failure',
          details: { email },
        });
        throw authErrors.invalidCredentials();
      }
      auth.limiter.succeed(email);
      await audit(db, who, { action: 'auth.login', resourceType: 'user', resourceId: user.id });
      return signIn(c, user.id, 200);
    })
    .post('/logout', async (c) => {
      const principal = principalOf(c);
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(db, token);
      await audit(
        db,
        { workspaceId: null, actor: actorOf(principal.user, clientIp(c, auth.trustProxy)) },
        {
          action: 'auth.logout',
          resourceType: 'user',
          resourceId: principal.user.id,
        },
      );
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      deleteCookie(c, CSRF_COOKIE, { path: '/' });
      await auth.invalidate();
      return c.body(null, 204);
    })
    .get('/me', async (c) => c.json(meOf(c, principalOf(c))))
    .post('/password', validate('json', ChangePasswordBodySchema), async (c) => {
      const principal = principalOf(c);
      const { currentPassword, newPassword } = c.req.valid('json');
      const user = await getUser(db, principal.user.id);
      if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
        throw authErrors.unauthorized('the current password is wrong');
      const keep = principal.via === 'session' ? getCookie(c, SESSION_COOKIE) : undefined;
      await db.transaction(async (tx) => {
        await setPassword(tx, user.id, newPassword);
        await endSessions(tx, user.id, keep);
        await audit(
          tx,
          { workspaceId: null, actor: actorOf(user, clientIp(c, auth.trustProxy)) },
          {
            action: 'auth.password_change',
            resourceType: 'user',
            resourceId: user.id,
          },
        );
      });
      await auth.invalidate();
      return c.body(null, 204);
    })
    .get('/invites/:token', validate('param', TokenParam), async (c) =>
      c.json(await previewInvite(db, c.req.valid('param').token)),
    )
    .post('/invites/:token/accept', validate('param', TokenParam), validate('json', AcceptInviteBodySchema), async (c) => {
      const ip = clientIp(c, auth.trustProxy);
      const user = await acceptInvite(db, c.req.valid('param').token, c.req.valid('json'), ip, auth.limiter).catch(
        (err: unknown) => {
          if (err instanceof ApiError && err.code === 'too_many_attempts')
            c.header('Retry-After', String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
          throw err;
        },
      );
      auth.markSetUp();
      await auth.invalidate();
      return signIn(c, user.id, 200);
    });
}

function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

/** The caller's view: account, workspaces, the current one (as `authorize` would pick it) and its scopes. */
export function meOf(c: Context, principal: Principal): Me {
  const wanted = c.req.header(WORKSPACE_HEADER) ?? c.req.query('workspace');
  const workspace = (wanted ? principal.workspaces.find((w) => w.id === wanted) : principal.workspaces[0]) ?? null;
  return {
    user: principal.user,
    workspaces: principal.workspaces,
    workspace,
    scopes: workspace ? scopesOf(workspace.role) : [],
    via: principal.via,
    csrfToken: principal.csrf,
  };
}
