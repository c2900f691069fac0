import { can, type Role, type User, type WorkspaceMembership, weakerRole } from '@switchyard/shared';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { apiTokens, memberships, sessions, users, workspaces } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { anyUserExists, membershipsOf, userInfo } from './accounts.ts';
import { LoginLimiter } from './login-limiter.ts';
import { csrfFor, forwardedClient, tokenHash } from './secret-token.ts';

/** Who is calling, resolved from a session cookie or an API token. */
export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** Unix ms after which the credential is dead. */
  expiresAt: number | null;
  /** For a session: the CSRF token its writes must carry. */
  csrf: string | null;
  /** For an API token: its workspace and its role there (capped by its creator's current role). */
  token: { id: string; name: string; workspaceId: string; role: Role; access: 'api' | 'mcp'; agentIds: string[] | null } | null;
  /** Workspaces reachable with this credential (a token: only its own, with its capped role). */
  workspaces: WorkspaceMembership[];
}

export interface AuthOptions {
  /** Session lifetime (default 7 days). */
  sessionTtlMs?: number;
  /** Trust X-Forwarded-For / X-Forwarded-Proto (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Secure cookies: `auto` = when the request came over HTTPS. */
  secureCookies?: 'auto' | 'always' | 'never';
  /** Failed sign-ins allowed per window: per account 5, per address 50, window 15 min. */
  login?: { perAccount?: number; perAddress?: number; windowMs?: number };
  /** How long a resolved credential is reused without a query (default 30 s); any auth change clears it at once. */
  cacheTtlMs?: number;
}

const AUTH_CHANNEL = 'switchyard_auth';
const CACHE_MAX = 10_000;

/**
 * Credentials to principals, with a small cache: a request with a known credential costs a hash and a map
 * lookup. Every change that can shrink what a credential may do (logout, revocation, role change, removal,
 * password change) calls `invalidate()`, which clears this process's cache and, through NOTIFY, every other's.
 */
export class AuthService {
  readonly sessionTtlMs: number;
  readonly trustProxy: boolean;
  readonly secureCookies: 'auto' | 'always' | 'never';
  readonly limiter: LoginLimiter;
  private readonly cacheTtlMs: number;
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly lastUse = new Map<string, number>();
  private hasUsers = false;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly database: Database,
    private readonly csrfKey: Buffer,
    private readonly logger: Logger,
    options: AuthOptions = {},
  ) {
    this.sessionTtlMs = options.sessionTtlMs ?? 7 * 86_400_000;
    this.trustProxy = options.trustProxy ?? false;
    this.secureCookies = options.secureCookies ?? 'auto';
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.limiter = new LoginLimiter({
      perAccount: options.login?.perAccount ?? 5,
      perAddress: options.login?.perAddress ?? 50,
      windowMs: options.login?.windowMs ?? 15 * 60_000,
    });
  }

  async start() {
    this.unlisten = await this.database.listen(AUTH_CHANNEL, () => this.cache.clear());
  }

  async stop() {
    await this.unlisten?.();
  }

  /** True until the first account exists (then never again: accounts are not deleted). */
  async setupRequired(): Promise<boolean> {
    if (!this.hasUsers) this.hasUsers = await anyUserExists(this.database.db);
    return !this.hasUsers;
  }

  /** After setup or an accepted invite: accounts exist from now on. */
  markSetUp() {
    this.hasUsers = true;
  }

  csrfFor(sessionToken: string) {
    return csrfFor(this.csrfKey, sessionToken);
  }

  /** Forget every resolved credential here and in every other process on the database. */
  async invalidate() {
    this.cache.clear();
    await this.database
      .executeSql(`select pg_notify('${AUTH_CHANNEL}', '')`)
      .catch((err: unknown) =>
        this.logger.warn('could not broadcast an auth change', { error: err instanceof Error ? err.message : String(err) }),
      );
  }

  async fromSession(token: string): Promise<Principal | null> {
    return this.cached(`s:${tokenHash(token)}`, async () => {
      const [row] = await this.database.db
        .select({ user: users, expiresAt: sessions.expiresAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, sql`now()`)));
      if (!row) return null;
      return {
        user: userInfo(row.user),
        via: 'session',
        expiresAt: row.expiresAt.getTime(),
        csrf: this.csrfFor(token),
        token: null,
        workspaces: await membershipsOf(this.database.db, row.user.id),
      };
    });
  }

  async fromToken(token: string): Promise<Principal | null> {
    const hash = tokenHash(token);
    const principal = await this.cached(`t:${hash}`, async () => {
      const [row] = await this.database.db
        .select({ token: apiTokens, user: users, memberRole: memberships.role, workspaceName: workspaces.name })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .innerJoin(memberships, and(eq(memberships.workspaceId, apiTokens.workspaceId), eq(memberships.userId, apiTokens.userId)))
        .innerJoin(workspaces, eq(workspaces.id, apiTokens.workspaceId))
        .where(
          and(
            eq(apiTokens.tokenHash, hash),
            isNull(apiTokens.revokedAt),
            isNull(workspaces.deletedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
          ),
        );
      if (!row) return null;
      const role = weakerRole(row.token.role, row.memberRole);
      return {
        user: userInfo(row.user),
        via: 'token',
        expiresAt: row.token.expiresAt?.getTime() ?? null,
        csrf: null,
        token: {
          id: row.token.id,
          name: row.token.name,
          workspaceId: row.token.workspaceId,
          role,
          access: row.token.access,
          agentIds: row.token.agentIds,
        },
        workspaces: [{ id: row.token.workspaceId, name: row.workspaceName, role }],
      };
    });
    if (principal?.token) this.touch(principal.token.id);
    return principal;
  }

  private async cached(key: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.principal.expiresAt !== null && hit.principal.expiresAt <= now ? null : hit.principal;
    const principal = await load();
    if (principal) {
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(key, { principal, until: now + this.cacheTtlMs });
    } else this.cache.delete(key);
    return principal;
  }

  /**
   * The grant of an `Authorization: Bearer` token at `/mcp`: any live token of a member who may execute
   * agents (`agents:execute`, runner and up); an `mcp` token only sees its `agentIds` when it has them.
   */
  async mcpGrant(request: Request): Promise<McpGrant> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const principal = bearer ? await this.fromToken(bearer) : null;
    if (!principal?.token)
      throw new ApiError(
        401,
        'unauthorized',
        bearer
          ? 'the token is unknown, expired or revoked'
          : 'send Authorization: Bearer <token> (create one with POST /api/tokens)',
      );
    const { token } = principal;
    if (!can(token.role, 'agents:execute'))
      throw new ApiError(403, 'forbidden', `a ${token.role} token cannot call agents; it needs the runner role or above`);
    const ip = this.trustProxy ? forwardedClient(request.headers.get('x-forwarded-for')) : null;
    return {
      scope: {
        workspaceId: token.workspaceId,
        role: token.role,
        actor: { userId: principal.user.id, tokenId: token.id, label: `token ${token.name}`, ip },
      },
      agentIds: token.access === 'mcp' ? token.agentIds : null,
    };
  }

  /** Records a token's last use, at most once a minute per token, off the request's path. */
  private touch(tokenId: string) {
    const now = Date.now();
    if ((this.lastUse.get(tokenId) ?? 0) > now - 60_000) return;
    this.lastUse.set(tokenId, now);
    void this.database.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiTokens.id, tokenId))
      .catch(() => {});
  }
}

/** What `/mcp` may do for a bearer token: act in its workspace, on these agents (null: every published one). */
export interface McpGrant {
  scope: WorkspaceScope;
  agentIds: string[] | null;
}
