import {
  CreateInviteBodySchema,
  CreateWorkspaceBodySchema,
  ResetPasswordBodySchema,
  SetRoleBodySchema,
  TransferWorkspaceBodySchema,
  UpdateWorkspaceBodySchema,
} from '@switchyard/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  createWorkspace,
  deleteWorkspace,
  listMembers,
  removeMember,
  renameWorkspace,
  resetMemberPassword,
  setMemberRole,
  transferOwnership,
} from '../auth/accounts.ts';
import { createInvite, listInvites, revokeInvite } from '../auth/invites.ts';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { clientIp, principalOf } from '../middleware/auth.ts';
import { validate } from '../middleware/validate.ts';
import { scopeOf } from '../workspace/scope.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });
const UserParam = z.object({ userId: z.string().min(1).max(64) });

/** `/workspaces`: the caller's workspaces, and new ones. */
export function workspacesRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .get('/', async (c) => c.json({ workspaces: principalOf(c).workspaces }))
    .post('/', validate('json', CreateWorkspaceBodySchema), async (c) => {
      const principal = principalOf(c);
      const actor = {
        userId: principal.user.id,
        tokenId: principal.token?.id ?? null,
        label: principal.user.email,
        ip: clientIp(c, deps.auth.trustProxy),
      };
      const created = await createWorkspace(db, c.req.valid('json').name, actor);
      await deps.auth.invalidate();
      return c.json(created, 201);
    });
}

/** `/workspace`: the current workspace itself (rename, delete, transfer). */
export function workspaceRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .patch('/', validate('json', UpdateWorkspaceBodySchema), async (c) => {
      const renamed = await renameWorkspace(db, scopeOf(c), c.req.valid('json').name);
      await deps.auth.invalidate();
      return c.json(renamed);
    })
    .delete('/', async (c) => {
      await deleteWorkspace(db, scopeOf(c));
      await deps.auth.invalidate();
      return c.body(null, 204);
    })
    .post('/transfer', validate('json', TransferWorkspaceBodySchema), async (c) => {
      const members = await transferOwnership(db, scopeOf(c), c.req.valid('json').userId);
      await deps.auth.invalidate();
      return c.json({ members });
    });
}

/** `/members`: who belongs to the current workspace and with which role. */
export function memberRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .get('/', async (c) => c.json({ members: await listMembers(db, scopeOf(c).workspaceId) }))
    .patch('/:userId', validate('param', UserParam), validate('json', SetRoleBodySchema), async (c) => {
      const member = await setMemberRole(db, scopeOf(c), c.req.valid('param').userId, c.req.valid('json').role);
      await deps.auth.invalidate();
      return c.json(member);
    })
    .delete('/:userId', validate('param', UserParam), async (c) => {
      await removeMember(db, scopeOf(c), c.req.valid('param').userId);
      await deps.auth.invalidate();
      return c.body(null, 204);
    })
    .post('/:userId/password', validate('param', UserParam), validate('json', ResetPasswordBodySchema), async (c) => {
      await resetMemberPassword(db, scopeOf(c), c.req.valid('param').userId, c.req.valid('json').newPassword);
      await deps.auth.invalidate();
      return c.body(null, 204);
    });
}

/** `/invites`: one-time links into the current workspace. */
export function inviteRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .get('/', async (c) => c.json({ invites: await listInvites(db, scopeOf(c).workspaceId) }))
    .post('/', validate('json', CreateInviteBodySchema), async (c) => {
      const invite = await createInvite(db, scopeOf(c), c.req.valid('json'));
      const origin = deps.publicUrl ?? new URL(c.req.url).origin;
      return c.json({ ...invite, url: `${origin}/invite/${invite.token}` }, 201);
    })
    .delete('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeInvite(db, scopeOf(c), id))) throw errors.notFound('invite', id);
      return c.body(null, 204);
    });
}
