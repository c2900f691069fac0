import { compile, ValidateGraphBodySchema } from '@switchyard/shared';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { validate } from '../middleware/validate.ts';

/** Validates a graph that need not be saved: the compiler's verdict, errors located on nodes and edges. */
export function graphRoutes(deps: Pick<Deps, 'nodes'>) {
  return new Hono().post('/validate', validate('json', ValidateGraphBodySchema), (c) => {
    const result = compile(c.req.valid('json').graph, { registry: deps.nodes.definitions });
    return c.json(
      result.ok
        ? { ok: true as const, errors: [], plan: { levels: result.plan.levels, order: result.plan.order } }
        : { ok: false as const, errors: result.errors },
    );
  });
}
