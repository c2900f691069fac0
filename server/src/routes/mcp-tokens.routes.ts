import { CreateMcpTokenBodySchema } from '@switchyard/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { createMcpToken, listMcpTokens, revokeMcpToken } from '../db/queries/mcp-tokens.ts';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });

/** Tokens for the MCP endpoint: the value is shown once, at creation. */
export function mcpTokenRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .get('/', async (c) => c.json({ tokens: await listMcpTokens(db) }))
    .post('/', validate('json', CreateMcpTokenBodySchema), async (c) =>
      c.json(await createMcpToken(db, c.req.valid('json')), 201),
    )
    .delete('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeMcpToken(db, id))) throw errors.notFound('token', id);
      return c.body(null, 204);
    });
}
