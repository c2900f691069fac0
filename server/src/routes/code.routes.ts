import { ExecuteCodeBodySchema } from '@switchyard/shared';
import { Hono } from 'hono';
import { validate } from '../middleware/validate.ts';
import type { AdhocExecutor } from '../runtimes/adhoc.ts';
import { scopeOf } from '../workspace/scope.ts';

export { MAX_CONCURRENT_EXECUTIONS } from '../runtimes/adhoc.ts';

/** Code outside workflows: `POST /execute` runs a snippet once through the runtime router, in the request's workspace. */
export function codeRoutes(execute: AdhocExecutor) {
  return new Hono().post('/execute', validate('json', ExecuteCodeBodySchema), async (c) =>
    c.json(await execute(scopeOf(c), c.req.valid('json'), c.req.raw.signal)),
  );
}
