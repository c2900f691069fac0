import { AuditQuerySchema, CreateTokenBodySchema, can } from '@switchyard/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { listAudit } from '../audit/audit.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-tokens.ts';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';
import { scopeOf } from '../workspace/scope.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });

/** `/tokens`: API tokens (and MCP tokens, `access: mcp`); the value is shown once, at creation. */
export function tokenRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .get('/', async (c) => {
      const scope = scopeOf(c);
      return c.json({ tokens: await listApiTokens(db, scope, can(scope.role, 'tokens:manage')) });
    })
    .post('/', validate('json', CreateTokenBodySchema), async (c) =>
      c.json(await createApiToken(db, scopeOf(c), c.req.valid('json')), 201),
    )
    .delete('/:id', validate('param', IdParam), async (c) => {
      const scope = scopeOf(c);
      const { id } = c.req.valid('param');
      if (!(await revokeApiToken(db, scope, id, can(scope.role, 'tokens:manage')))) throw errors.notFound('token', id);
      await deps.auth.invalidate();
      return c.body(null, 204);
    });
}

/** `/audit`: the workspace's log for admins, the caller's own entries for everyone else. */
export function auditRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono().get('/', validate('query', AuditQuerySchema), async (c) => {
    const scope = scopeOf(c);
    const me = scope.actor.userId ?? '';
    const onlyUser = can(scope.role, 'audit:all') ? null : me;
    return c.json(await listAudit(db, scope.workspaceId, me, onlyUser, c.req.valid('query')));
  });
}
