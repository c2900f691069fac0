import type { Role } from '@switchyard/shared';
import type { Context } from 'hono';

/** Who did something, as the audit log and `runs.started_by` record it. */
export interface Actor {
  /** Null for the system (the CLI, the retention job) and for a failed login with an unknown email. */
  userId: string | null;
  /** The API token the request came with, if any. */
  tokenId: string | null;
  /** The user's email, `token <name>`, or `system`. */
  label: string;
  /** The caller's address (the socket's, or X-Forwarded-For's first hop under TRUST_PROXY). */
  ip: string | null;
}

/**
 * The workspace a request acts in, set by the one `authorize` middleware after it checked the operation's
 * scope. Routes never take a workspace id from the client: they read this, and every query they make is
 * filtered by `workspaceId` (an id from another workspace then answers 404, like one that never existed).
 */
export interface WorkspaceScope {
  workspaceId: string;
  role: Role;
  actor: Actor;
}

/** The workspace that owns everything made before accounts existed, and everything the CLI runs. */
export const DEFAULT_WORKSPACE_ID = 'ws_default';

/** The CLI's scope: no account, the default workspace. */
export const systemScope = (workspaceId = DEFAULT_WORKSPACE_ID): WorkspaceScope => ({
  workspaceId,
  role: 'owner',
  actor: { userId: null, tokenId: null, label: 'system', ip: null },
});

export type ScopeVariables = { scope: WorkspaceScope };

/** The request's workspace scope; only reachable behind `authorize` for a workspace-scoped operation. */
export function scopeOf(c: Context): WorkspaceScope {
  const scope = c.get('scope') as WorkspaceScope | undefined;
  if (!scope) throw new Error(`no workspace scope on ${c.req.method} ${c.req.path}: the route is missing from apiContract`);
  return scope;
}
