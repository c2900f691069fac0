import { MetricsQuerySchema } from '@switchyard/shared';
import { Hono } from 'hono';
import { runtimeMetrics } from '../db/queries/metrics.ts';
import type { Deps } from '../deps.ts';
import { validate } from '../middleware/validate.ts';
import { scopeOf } from '../workspace/scope.ts';

/** Operational figures from the execution log of the request's workspace. */
export function metricsRoutes(deps: Deps) {
  return new Hono().get('/runtimes', validate('query', MetricsQuerySchema), async (c) => {
    const { windowMinutes } = c.req.valid('query');
    return c.json({ windowMinutes, runtimes: await runtimeMetrics(deps.database.db, scopeOf(c).workspaceId, windowMinutes) });
  });
}
