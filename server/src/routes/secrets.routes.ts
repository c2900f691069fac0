import { PutSecretBodySchema, SecretNameSchema } from '@switchyard/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';
import { scopeOf } from '../workspace/scope.ts';

const NameParam = z.object({ name: SecretNameSchema });

/** Secrets of the request's workspace for code nodes' environment: write-only values, listed by name. */
export function secretRoutes(deps: Deps) {
  return new Hono()
    .get('/', async (c) => c.json({ secrets: await deps.secrets.list(scopeOf(c).workspaceId) }))
    .put('/:name', validate('param', NameParam), validate('json', PutSecretBodySchema), async (c) => {
      const { name } = c.req.valid('param');
      return c.json(await deps.secrets.put(scopeOf(c), name, c.req.valid('json').value));
    })
    .delete('/:name', validate('param', NameParam), async (c) => {
      const { name } = c.req.valid('param');
      if (!(await deps.secrets.delete(scopeOf(c), name))) throw errors.notFound('secret', name);
      return c.body(null, 204);
    });
}
