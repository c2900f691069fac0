import { type Me, type Role, scopesOf } from '@switchyard/shared';

/** `GET /api/auth/me` of Ada, member of one workspace with `role` (signed in with a session). */
export function meFixture(role: Role = 'owner', overrides: Partial<Me> = {}): Me {
  const workspace = { id: 'ws_default', name: 'Default workspace', role };
  return {
    user: { id: 'usr_ada', name: 'Ada', email: 'ada@example.com', createdAt: '2026-01-01T00:00:00.000Z' },
    workspaces: [workspace],
    workspace,
    scopes: scopesOf(role),
    via: 'session',
    csrfToken: 'csrf_from_me',
    ...overrides,
  };
}
