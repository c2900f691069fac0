import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { runtimeList } from '../runtimes/index.ts';

/** Liveness plus a database round trip. */
export function healthRoutes(deps: Deps) {
  return new Hono().get('/', async (c) => {
    const started = performance.now();
    await deps.database.db.execute(sql`select 1`);
    return c.json({
      status: 'ok' as const,
      database: { kind: deps.database.kind, latencyMs: Math.round((performance.now() - started) * 100) / 100 },
      runtimes: Object.fromEntries(runtimeList(deps.runtimes).map((r) => [r.id, r.availability()])),
    });
  });
}
