import { type Access, apiContract, can, type Endpoint, type Scope } from '@switchyard/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { authErrors } from '../auth/auth-errors.ts';
import type { AuthService, Principal } from '../auth/auth-service.ts';
import { forwardedClient, sameSecret } from '../auth/secret-token.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';

export const SESSION_COOKIE = 'sy_session';
export const CSRF_COOKIE = 'sy_csrf';
export const WORKSPACE_HEADER = 'x-switchyard-workspace';

export type AuthVariables = { principal: Principal; scope: WorkspaceScope };

interface Rule {
  method: string;
  pattern: RegExp;
  access: Access;
  params: number;
}

/** The contract's operations as matchers, literal paths before parameterised ones (`/drafts/run` before `/:id`). */
const RULES: Rule[] = (Object.values(apiContract) as Endpoint[])
  .map((op) => ({
    method: op.method,
    pattern: new RegExp(`^/api${op.path.replace(/:\w+/g, '[^/]+')}/?$`),
    access: op.access,
    params: (op.path.match(/:/g) ?? []).length,
  }))
  .sort((a, b) => a.params - b.params);

/**
 * The access rule of a request under /api. A path no operation has needs an account (fail closed: a route
 * added without a contract entry is never public; `/api/openapi.json` is such a route).
 */
export function accessOf(method: string, path: string): Access {
  const m = method === 'HEAD' ? 'GET' : method;
  return RULES.find((r) => r.method === m && r.pattern.test(path))?.access ?? 'user';
}

/** The caller's address: the socket's, or the one the trusted proxy saw (see `forwardedClient`). */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = forwardedClient(c.req.header('x-forwarded-for'));
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one access check of the API. Each operation's `access` comes from `apiContract`; nothing is decided
 * per route. Order: public operations pass; otherwise a credential (session cookie or bearer token) must
 * resolve (401 `setup_required` before the first account, else 401 `unauthorized`); a cookie-authenticated
 * write must carry the CSRF token (403 `csrf_failed`); an `mcp` token goes no further than /mcp; then the
 * current workspace is chosen (a token's own; for a session `X-Switchyard-Workspace`, else the first
 * membership; not a member: 404) and the role there must hold the scope (403 `forbidden`).
 */
export function authorize(auth: AuthService): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const access = accessOf(c.req.method, c.req.path);
    if (access === 'public') return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const principal = bearer ? await auth.fromToken(bearer) : cookie ? await auth.fromSession(cookie) : null;
    if (!principal) {
      if (await auth.setupRequired()) throw authErrors.setupRequired();
      throw authErrors.unauthorized(
        bearer ? 'the token is unknown, expired or revoked' : cookie ? 'your session has expired; sign in again' : undefined,
      );
    }
    if (principal.csrf && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!sameSecret(sent, principal.csrf)) throw authErrors.csrf();
    }
    if (principal.token?.access === 'mcp') throw authErrors.mcpOnly();
    c.set('principal', principal);
    if (access === 'user') {
      // The account itself (its password, new workspaces) changes only in a signed-in session, never by a token.
      if (principal.token && !SAFE_METHODS.has(c.req.method)) throw authErrors.sessionOnly();
      return next();
    }
    const scope = workspaceScope(c, principal, auth.trustProxy);
    if (!can(scope.role, access as Scope)) throw authErrors.forbidden(access, scope.role);
    c.set('scope', scope);
    return next();
  };
}

function workspaceScope(c: Context, principal: Principal, trustProxy: boolean): WorkspaceScope {
  const wanted = c.req.header(WORKSPACE_HEADER) ?? (SAFE_METHODS.has(c.req.method) ? c.req.query('workspace') : undefined);
  const membership = wanted ? principal.workspaces.find((w) => w.id === wanted) : principal.workspaces[0];
  if (!membership) throw authErrors.workspaceNotFound(wanted ?? '(none)');
  return {
    workspaceId: membership.id,
    role: membership.role,
    actor: {
      userId: principal.user.id,
      tokenId: principal.token?.id ?? null,
      label: principal.token ? `token ${principal.token.name}` : principal.user.email,
      ip: clientIp(c, trustProxy),
    },
  };
}

/** The signed-in principal of a `user` or scoped operation. */
export function principalOf(c: Context): Principal {
  const principal = c.get('principal') as Principal | undefined;
  if (!principal) throw new Error(`no principal on ${c.req.method} ${c.req.path}`);
  return principal;
}
