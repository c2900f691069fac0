import { z } from 'zod';

/** A member's role in one workspace, strongest first. */
export const ROLES = ['owner', 'admin', 'editor', 'runner', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * What a request may do. Every API operation names one (see `apiContract`); the server's one `authorize`
 * middleware checks it, and the web app asks `can()` to hide what a role cannot do.
 */
export const SCOPES = {
  /** Node types, runtimes, metrics, graph validation, members list, the API description. */
  'workspace:read': 'viewer',
  'workflows:read': 'viewer',
  'runs:read': 'viewer',
  'agents:read': 'viewer',
  /** The caller's own API tokens (a token never outranks its creator). */
  'tokens:own': 'viewer',
  /** The caller's own audit entries; `audit:all` shows the workspace's. */
  'audit:own': 'viewer',
  'runs:create': 'runner',
  'agents:execute': 'runner',
  'workflows:write': 'editor',
  'agents:write': 'editor',
  'code:execute': 'editor',
  /** Secret names (to reference them); values are never returned to anyone. */
  'secrets:read': 'editor',
  'secrets:write': 'admin',
  'members:manage': 'admin',
  'tokens:manage': 'admin',
  'audit:all': 'admin',
  'workspace:update': 'admin',
  'workspace:delete': 'owner',
} as const satisfies Record<string, Role>;
export type Scope = keyof typeof SCOPES;

/**
 * Who may call an operation: a scope in the current workspace, `user` (any signed-in account, no workspace
 * needed, e.g. `GET /auth/me`), or `public` (no credential: health, setup, login, invite acceptance).
 */
export type Access = Scope | 'user' | 'public';

const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

/** True when `role` is at least `atLeast`. */
export function roleAtLeast(role: Role, atLeast: Role): boolean {
  return rank(role) >= rank(atLeast);
}

/** The weaker of two roles (a token's role is capped by its creator's). */
export function weakerRole(a: Role, b: Role): Role {
  return rank(a) <= rank(b) ? a : b;
}

/** True when `role` holds `scope`. */
export function can(role: Role | null | undefined, scope: Scope): boolean {
  return role != null && roleAtLeast(role, SCOPES[scope]);
}

/** Every scope `role` holds, for `GET /auth/me`. */
export function scopesOf(role: Role): Scope[] {
  return (Object.keys(SCOPES) as Scope[]).filter((s) => can(role, s));
}
